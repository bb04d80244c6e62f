/**
 * Records the line announcements (assets/sounds/line-N.LANG.wav, N = 2..10) from the UI's own
 * text, `call.lineAnnouncement` in renderer/i18n, with espeak-ng, resampled by sox to 16 kHz
 * mono (speech needs no more, and the files stay small). Run once after changing the text and
 * commit the files: `npx tsx scripts/make-announcements.ts` (needs espeak-ng and sox).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { en } from '../renderer/i18n/en';
import { ru } from '../renderer/i18n/ru';

const VOICES = { en: { voice: 'en-us', text: en }, ru: { voice: 'ru', text: ru } };
const OUT = join(import.meta.dirname, '..', 'assets', 'sounds');
const work = mkdtempSync(join(tmpdir(), 'announcements-'));
try {
  for (const [language, { voice, text }] of Object.entries(VOICES)) {
    for (let line = 2; line <= 10; line++) {
      const sentence = text.call.lineAnnouncement.replace('{{line}}', String(line));
      const raw = join(work, `${language}-${line}.wav`);
      execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-z', '-w', raw, sentence]);
      const file = join(OUT, `line-${line}.${language}.wav`);
      execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', file]);
      console.log(`${file}: ${sentence}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
