/**
 * The recordings callers hear when the PBX refuses their call (SPEC §3 Announcements): the
 * built-in ones shipped in `assets/announcements/<language>/` and those an admin put in their
 * place, kept per company in `<dataDir>/announcements/<companyId>/<language>/<sentence>.wav`. A return date is said in
 * pieces (`absent-until`, the day, the month), joined here into one WAV file for rtpengine.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { RefusalToken } from '../../shared/refusals';
import {
  ANNOUNCEMENT_SENTENCES,
  type AnnouncementLanguage,
  type AnnouncementSentence,
} from '../../shared/announcement-texts';
import { alawWav, readWav, WAV_MAX_SECONDS, WAV_SAMPLE_RATE, type Wav } from './wav';

/** Where the built-in recordings are, from this file (pbx/media) or the bundle (dist/). */
export const BUILT_IN_ANNOUNCEMENTS =
  [
    join(import.meta.dirname, '..', '..', 'assets', 'announcements'),
    join(import.meta.dirname, '..', 'assets', 'announcements'),
  ].find((dir) => existsSync(dir)) ?? join(process.cwd(), 'assets', 'announcements');

/** The refusals callers hear an announcement for, and its sentence. */
const SENTENCE_OF: Partial<Record<RefusalToken, AnnouncementSentence>> = {
  'employee-absent': 'absent',
  'number-disabled': 'disabled',
  'channels-full': 'busy',
  'no-answer': 'no-answer',
};

/** A return date further away than this is not said: "away, call again later". */
const DATE_HORIZON_MS = 366 * 24 * 3600_000;
/** The pause between the pieces of a sentence with a date. */
const PAUSE = Buffer.alloc((WAV_SAMPLE_RATE / 1000) * 60 * 2);

export interface AnnouncementSlot {
  language: AnnouncementLanguage;
  sentence: AnnouncementSentence;
  /** Whether an admin's recording replaces the built-in one. */
  custom: boolean;
  durationMs: number;
}

export interface AnnouncementOptions {
  /** The built-in recordings (`assets/announcements`). */
  builtIn?: string;
  /** Where admins' recordings are kept (`<dataDir>/announcements`); none: built-in only. */
  customDir?: string;
  /** The time zone a return date is said in (IANA name); the PBX's own by default. */
  timeZone?: string;
}

export class Announcements {
  private readonly clips = new Map<string, { wav: Wav; version: string }>();
  private readonly builtIn: string;

  constructor(private readonly options: AnnouncementOptions = {}) {
    this.builtIn = options.builtIn ?? BUILT_IN_ANNOUNCEMENTS;
  }

  /** Whether a refusal with this token has an announcement. */
  static covers(token: string | undefined): token is RefusalToken {
    return token !== undefined && token in SENTENCE_OF;
  }

  /**
   * The WAV file (A-law) to play for a refusal, or undefined when it has none. `returnsAt`: when
   * the absent employee is back (the absence's end), said as a date when it is within a year
   * and the sentence with the date is no longer than an announcement may be.
   */
  forRefusal(
    companyId: number,
    token: string | undefined,
    language: AnnouncementLanguage,
    returnsAt?: number,
    now = Date.now(),
  ): Buffer | undefined {
    const sentence = token === undefined ? undefined : SENTENCE_OF[token as RefusalToken];
    if (!sentence) return undefined;
    if (sentence !== 'absent' || returnsAt === undefined || returnsAt - now > DATE_HORIZON_MS) {
      return alawWav(this.clip(companyId, language, sentence).pcm);
    }
    const { day, month } = this.dateOf(returnsAt);
    const [first, second] =
      language === 'ru' ? [`day-${day}`, `month-${month}`] : [`month-${month}`, `day-${day}`];
    const pieces = [
      this.clip(companyId, language, 'absent-until'),
      this.clip(companyId, language, first),
      this.clip(companyId, language, second),
    ];
    const pcm = Buffer.concat(pieces.flatMap((piece) => [piece.pcm, PAUSE]));
    const tooLong = pcm.length > WAV_MAX_SECONDS * WAV_SAMPLE_RATE * 2;
    return alawWav(tooLong ? this.clip(companyId, language, 'absent').pcm : pcm);
  }

  /** Every sentence in every language, and whose recording plays. */
  list(companyId: number, languages: readonly AnnouncementLanguage[]): AnnouncementSlot[] {
    return languages.flatMap((language) =>
      ANNOUNCEMENT_SENTENCES.map((sentence) => ({
        language,
        sentence,
        custom:
          this.customFile(companyId, language, sentence) !== undefined &&
          existsSync(this.customFile(companyId, language, sentence)!),
        durationMs: this.clip(companyId, language, sentence).durationMs,
      })),
    );
  }

  /** Puts an admin's recording in place of a sentence; throws `WavFormatError` for a bad file. */
  replace(
    companyId: number,
    language: AnnouncementLanguage,
    sentence: AnnouncementSentence,
    file: Buffer,
  ): Wav {
    const wav = readWav(file);
    const target = this.customFile(companyId, language, sentence);
    if (!target) throw new Error('announcements have no data directory to keep recordings in');
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(`${target}.tmp`, file);
    renameSync(`${target}.tmp`, target); // a call reading it meanwhile gets the old or the new
    this.clips.delete(`${companyId}/${language}/${sentence}`);
    return wav;
  }

  /** Goes back to the built-in recording of a sentence. */
  restore(companyId: number, language: AnnouncementLanguage, sentence: AnnouncementSentence): void {
    const target = this.customFile(companyId, language, sentence);
    if (target) rmSync(target, { force: true });
    this.clips.delete(`${companyId}/${language}/${sentence}`);
  }

  private customFile(companyId: number, language: string, clip: string): string | undefined {
    const dir = this.options.customDir;
    return dir === undefined ? undefined : join(dir, String(companyId), language, `${clip}.wav`);
  }

  /**
   * A clip, the admin's recording first; kept in memory while its file stays the same, so a
   * recording the CLI puts in place (or removes) is heard from the next call of a running PBX.
   */
  private clip(companyId: number, language: AnnouncementLanguage, clip: string): Wav {
    const key = `${companyId}/${language}/${clip}`;
    const custom = this.customFile(companyId, language, clip);
    const changedAt =
      custom === undefined ? undefined : statSync(custom, { throwIfNoEntry: false })?.mtimeMs;
    const version = changedAt === undefined ? 'built-in' : String(changedAt);
    const cached = this.clips.get(key);
    if (cached?.version === version) return cached.wav;
    const path = changedAt !== undefined ? custom! : join(this.builtIn, language, `${clip}.wav`);
    const wav = readWav(readFileSync(path));
    this.clips.set(key, { wav, version });
    return wav;
  }

  private dateOf(at: number): { day: number; month: number } {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: this.options.timeZone,
      day: 'numeric',
      month: 'numeric',
    }).formatToParts(at);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return { day: part('day'), month: part('month') };
  }
}
