import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInstanceId } from './instance-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createInstanceId', () => {
  it('is one UUID per installation, the same across calls and restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softphone-instance-'));
    const instanceId = createInstanceId(dir);
    const [first, second] = await Promise.all([instanceId(), instanceId()]);
    expect(first).toMatch(UUID);
    expect(second).toBe(first);
    expect(await createInstanceId(dir)()).toBe(first);
  });

  it('replaces a damaged file with a fresh UUID', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softphone-instance-'));
    await writeFile(join(dir, 'instance-id'), 'not a uuid');
    const id = await createInstanceId(dir)();
    expect(id).toMatch(UUID);
    expect(await createInstanceId(dir)()).toBe(id);
  });
});
