import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPreferencesStore } from './preferences';

describe('preferences store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'softphone-preferences-'));
  });

  it('keeps the phone in the tray by default', async () => {
    const store = createPreferencesStore(dir);
    expect(store.current()).toEqual({ closeToTray: true });
    expect(await store.load()).toEqual({ closeToTray: true });
  });

  it('saves a change, and a restart reads it back', async () => {
    const store = createPreferencesStore(dir);
    await expect(store.save({ closeToTray: false })).resolves.toEqual({ closeToTray: false });
    expect(store.current()).toEqual({ closeToTray: false });
    expect(JSON.parse(await readFile(join(dir, 'preferences.json'), 'utf8'))).toEqual({
      closeToTray: false,
    });
    expect(await createPreferencesStore(dir).load()).toEqual({ closeToTray: false });
  });

  it('applies changes in order when they come quickly', async () => {
    const store = createPreferencesStore(dir);
    await Promise.all([store.save({ closeToTray: false }), store.save({ closeToTray: true })]);
    expect(await createPreferencesStore(dir).load()).toEqual({ closeToTray: true });
  });

  it.each(['{broken', '"text"', '{"closeToTray":"yes"}', '{"closeToTray":false,"extra":1}'])(
    'reads defaults for what is damaged in %s',
    async (content) => {
      await writeFile(join(dir, 'preferences.json'), content);
      const expected = content.includes('false') ? false : true;
      expect(await createPreferencesStore(dir).load()).toEqual({ closeToTray: expected });
    },
  );
});
