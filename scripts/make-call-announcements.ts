/**
 * Records the announcements callers hear when the PBX refuses their call
 * (assets/announcements/<language>/*.wav) from shared/announcement-texts.ts, with espeak-ng,
 * converted by sox to what the PBX plays: 8 kHz mono 16-bit PCM WAV (telephone audio), leading
 * and trailing silence cut from the date pieces so that a date sounds as one phrase. Run once
 * after changing a text and commit the files: `npx tsx scripts/make-call-announcements.ts`
 * (needs espeak-ng and sox; CI and the PBX do not).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANNOUNCEMENT_LANGUAGES,
  ANNOUNCEMENT_SENTENCES,
  ANNOUNCEMENT_TEXTS,
  dayWords,
  MONTH_WORDS,
} from '../shared/announcement-texts';

const VOICES = { en: 'en-us', ru: 'ru' };
const OUT = join(import.meta.dirname, '..', 'assets', 'announcements');
/** Cuts silence at both ends (sox `silence`, run forwards and reversed). */
const TRIM = ['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse'];
const work = mkdtempSync(join(tmpdir(), 'call-announcements-'));

function record(language: 'ru' | 'en', clip: string, text: string, trim: boolean): void {
  const raw = join(work, `${language}-${clip}.wav`);
  execFileSync('espeak-ng', ['-v', VOICES[language], '-s', '150', '-z', '-w', raw, text]);
  const file = join(OUT, language, `${clip}.wav`);
  const format = ['-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer'];
  execFileSync('sox', [raw, ...format, file, ...(trim ? TRIM : [])]);
  console.log(`${file}: ${text}`);
}

try {
  for (const language of ANNOUNCEMENT_LANGUAGES) {
    mkdirSync(join(OUT, language), { recursive: true });
    for (const sentence of ANNOUNCEMENT_SENTENCES) {
      record(
        language,
        sentence,
        ANNOUNCEMENT_TEXTS[language][sentence],
        sentence === 'absent-until',
      );
    }
    for (let day = 1; day <= 31; day++)
      record(language, `day-${day}`, dayWords(language, day), true);
    MONTH_WORDS[language].forEach((month, index) =>
      record(language, `month-${index + 1}`, month, true),
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
