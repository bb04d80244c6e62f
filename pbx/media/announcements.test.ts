import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Announcements, BUILT_IN_ANNOUNCEMENTS } from './announcements';
import { readWav, writeWav, WavFormatError } from './wav';

/** The length of an A-law WAV file as the PBX hands it to rtpengine, in ms. */
const lengthMs = (wav: Buffer) => Math.round(((wav.length - 44) / 8000) * 1000);
const tone = (ms: number, rate = 8000) => {
  const pcm = Buffer.alloc((rate / 1000) * ms * 2);
  for (let i = 0; i < pcm.length / 2; i++)
    pcm.writeInt16LE(Math.round(8000 * Math.sin(i / 3)), i * 2);
  return pcm;
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('Announcements', () => {
  const builtIn = new Announcements({ timeZone: 'Europe/Moscow' });

  it('has a recording for the four refusals callers hear about, and none for the others', () => {
    for (const token of ['employee-absent', 'number-disabled', 'channels-full', 'no-answer']) {
      const wav = builtIn.forRefusal(1, token, 'ru')!;
      expect(wav.readUInt16LE(20)).toBe(6); // A-law
      expect(lengthMs(wav)).toBeGreaterThan(1500);
    }
    expect(builtIn.forRefusal(1, 'not-registered', 'en')).toBeUndefined();
    expect(builtIn.forRefusal(1, undefined, 'en')).toBeUndefined();
  });

  it('says the return date in pieces, in the time zone given, and not a year ahead', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const back = Date.parse('2027-01-14T21:00:00Z'); // 15 January, 00:00 in Moscow
    const clip = (language: 'ru' | 'en', name: string) =>
      readWav(readFileSync(join(BUILT_IN_ANNOUNCEMENTS, language, `${name}.wav`))).durationMs;
    for (const language of ['ru', 'en'] as const) {
      const dated = builtIn.forRefusal(1, 'employee-absent', language, back, now)!;
      const pieces =
        clip(language, 'absent-until') + clip(language, 'day-15') + clip(language, 'month-1');
      expect(Math.abs(lengthMs(dated) - pieces - 180)).toBeLessThan(5); // three 60 ms pauses
      const farAway = builtIn.forRefusal(
        1,
        'employee-absent',
        language,
        now + 400 * 86_400_000,
        now,
      )!;
      expect(Math.abs(lengthMs(farAway) - clip(language, 'absent'))).toBeLessThan(5);
    }
  });

  it("plays an admin's recording instead of the built-in one, until it is removed", () => {
    const dir = mkdtempSync(join(tmpdir(), 'announcements-'));
    dirs.push(dir);
    const announcements = new Announcements({ customDir: dir });
    announcements.replace(1, 'en', 'busy', writeWav(tone(1000)));
    expect(lengthMs(announcements.forRefusal(1, 'channels-full', 'en')!)).toBe(1000);
    expect(announcements.list(1, ['en']).find((s) => s.sentence === 'busy')).toMatchObject({
      custom: true,
      durationMs: 1000,
    });
    expect(
      lengthMs(new Announcements({ customDir: dir }).forRefusal(1, 'channels-full', 'en')!),
    ).toBe(1000);
    expect(lengthMs(announcements.forRefusal(2, 'channels-full', 'en')!)).toBeGreaterThan(3000);
    announcements.restore(1, 'en', 'busy');
    expect(lengthMs(announcements.forRefusal(1, 'channels-full', 'en')!)).toBeGreaterThan(3000);
  });
});

it('a running PBX hears a recording another process (the CLI) put in place or removed, from the next call', () => {
  const dir = mkdtempSync(join(tmpdir(), 'announcements-'));
  dirs.push(dir);
  const running = new Announcements({ customDir: dir });
  const builtInMs = lengthMs(running.forRefusal(1, 'number-disabled', 'ru')!);
  expect(builtInMs).toBeGreaterThan(1500);
  const cli = new Announcements({ customDir: dir });
  cli.replace(1, 'ru', 'disabled', writeWav(tone(1200)));
  expect(lengthMs(running.forRefusal(1, 'number-disabled', 'ru')!)).toBe(1200);
  expect(running.list(1, ['ru']).find((s) => s.sentence === 'disabled')?.custom).toBe(true);
  cli.restore(1, 'ru', 'disabled');
  expect(lengthMs(running.forRefusal(1, 'number-disabled', 'ru')!)).toBe(builtInMs);
});

describe('readWav', () => {
  const refused = (file: Buffer) => {
    try {
      readWav(file);
    } catch (error) {
      expect(error).toBeInstanceOf(WavFormatError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('names what is wrong with a file that is not 16-bit mono 8 kHz PCM WAV', () => {
    expect(refused(Buffer.from('ID3 an mp3 file'))).toMatch(/^not a WAV file \(no RIFF header\)/);
    const stereo44k = writeWav(tone(100, 44100));
    stereo44k.writeUInt16LE(2, 22);
    stereo44k.writeUInt32LE(44100, 24);
    expect(refused(stereo44k)).toBe(
      '2 channels, not mono, 44100 Hz, not 8000 Hz: an announcement must be a WAV file of 16-bit PCM, mono, 8000 Hz',
    );
    expect(refused(writeWav(tone(8000)))).toBe('the recording lasts 8.0 s; at most 7 s');
    expect(refused(writeWav(Buffer.alloc(0)))).toBe('the WAV file has no audio');
    expect(readWav(writeWav(tone(500))).durationMs).toBe(500);
  });
});
