/**
 * The recorded prompts the softphone plays (assets/sounds, made with espeak-ng from the UI's
 * own text by scripts/make-announcements.ts: see assets/README.md). Imported as URLs so the
 * build ships them hashed; `no-inline` keeps them files, since the Content-Security-Policy
 * allows media from 'self' and not from data: URLs.
 */
import type { Language } from '../store';

/** The highest line a waiting call can take (SPEC §3: at most 10 channels). */
const LAST_LINE = 10;

const files = import.meta.glob<string>('../../assets/sounds/line-*.wav', {
  eager: true,
  query: '?no-inline',
  import: 'default',
});

/** The recording of `call.lineAnnouncement` for each line 2..10, by language. */
const byLine = new Map<string, string>(
  Object.entries(files).flatMap(([path, url]) => {
    const name = /line-(\d+)\.(en|ru)\.wav$/.exec(path);
    return name ? [[`${name[1]}.${name[2]}`, url] as const] : [];
  }),
);

/**
 * "You have a call on line N", in the UI language: a waiting call during a call. A line
 * outside 2..10 gets the nearest recording.
 */
export function lineAnnouncement(line: number, language: Language): string {
  const recorded = Math.min(Math.max(Math.trunc(line) || 2, 2), LAST_LINE);
  return byLine.get(`${recorded}.${language}`) ?? '';
}
