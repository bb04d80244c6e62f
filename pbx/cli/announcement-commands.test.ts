import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPbxCli } from '../../test/support/cli';
import { Announcements } from '../media/announcements';
import { writeWav } from '../media/wav';
import { openDataDirStore } from '../store';
import { runAnnouncementCli } from './announcement-commands';

const AT = Date.UTC(2026, 0, 5, 10, 0);

let root: string;
let dataDir: string;
let companyId: number;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'pbx-cli-'));
  dataDir = join(root, 'data');
  const store = await openDataDirStore(dataDir);
  companyId = (await store.companies.create({ name: 'Company' })).id;
  await store.close();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cli = (...argv: string[]) =>
  runAnnouncementCli(['announcement', ...argv, '--data-dir', dataDir], {
    env: {},
    now: () => AT,
  });

/** A WAV file of `ms` of 8 kHz 16-bit mono tone, written under the test's directory. */
function wavFile(ms: number, name = 'own.wav'): string {
  const pcm = Buffer.alloc(16 * ms);
  for (let i = 0; i < pcm.length / 2; i++)
    pcm.writeInt16LE(Math.round(8000 * Math.sin(i / 3)), i * 2);
  const path = join(root, name);
  writeFileSync(path, writeWav(pcm));
  return path;
}

const playing = () =>
  new Announcements({ customDir: join(dataDir, 'announcements') })
    .list(companyId, ['ru'])
    .find((slot) => slot.sentence === 'busy')!;

describe('pbx announcement set / reset', () => {
  it('puts an own recording in place, audited, then restores the shipped one', async () => {
    expect(await cli('set', 'ru', 'busy', wavFile(1500))).toEqual({
      code: 0,
      stderr: '',
      stdout: 'ru/busy: your recording, 1.5 s.\n',
    });
    expect(playing()).toMatchObject({ custom: true, durationMs: 1500 });
    const json = await cli('set', 'ru', 'busy', wavFile(900), '--json');
    expect(JSON.parse(json.stdout)).toEqual({
      language: 'ru',
      sentence: 'busy',
      custom: true,
      durationMs: 900,
    });

    expect(await cli('reset', 'ru', 'busy')).toEqual({
      code: 0,
      stderr: '',
      stdout: 'ru/busy: the shipped recording.\n',
    });
    expect(playing().custom).toBe(false);
    expect(playing().durationMs).toBeGreaterThan(1500);
    const store = await openDataDirStore(dataDir);
    const audit = await store.forCompany(companyId).audit.list({ limit: 10 });
    await store.close();
    expect(audit.map((e) => [e.actor, e.action, e.target])).toEqual(
      expect.arrayContaining([
        ['cli', 'announcement.replace', 'ru/busy'],
        ['cli', 'announcement.restore', 'ru/busy'],
      ]),
    );
  });

  it('refuses with one line: an unknown language or sentence, a bad or too long WAV, a missing file', async () => {
    const notWav = join(root, 'notes.txt');
    writeFileSync(notWav, 'ID3 not audio');
    const refusals: [string[], string][] = [
      [['set', 'de', 'busy', wavFile(500)], 'error: language: "de" must be ru or en\n'],
      [
        ['reset', 'ru', 'hold'],
        'error: sentence: "hold" must be one of absent, absent-until, disabled, busy, no-answer\n',
      ],
      [
        ['set', 'en', 'busy', wavFile(8000, 'long.wav')],
        `error: ${join(root, 'long.wav')}: the recording lasts 8.0 s; at most 7 s\n`,
      ],
      [
        ['set', 'en', 'busy', notWav],
        `error: ${notWav}: not a WAV file (no RIFF header): an announcement must be a WAV file of 16-bit PCM, mono, 8000 Hz\n`,
      ],
    ];
    for (const [argv, stderr] of refusals) {
      expect(await cli(...argv)).toEqual({ code: 1, stdout: '', stderr });
    }
    const missing = await cli('set', 'en', 'busy', join(root, 'missing.wav'));
    expect([missing.code, missing.stdout]).toEqual([1, '']);
    expect(missing.stderr).toMatch(/^error: cannot read .*missing\.wav: ENOENT/);
    expect(existsSync(join(dataDir, 'announcements', String(companyId), 'en'))).toBe(false);
  });

  it('needs the data directory, and is registered in the pbx program', async () => {
    const noDir = await runAnnouncementCli(
      ['announcement', 'reset', 'ru', 'busy', '--database', 'postgres://u@127.0.0.1:1/x'],
      { env: {} },
    );
    expect(noDir).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: recordings are kept in the data directory: give --data-dir DIR\n',
    });
    const r = await runPbxCli([
      'announcement',
      'set',
      'en',
      'no-answer',
      wavFile(700),
      '--data-dir',
      dataDir,
    ]);
    expect(r).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'en/no-answer: your recording, 0.7 s.\n',
    });
  });
});
