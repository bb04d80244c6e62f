import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { announcementSlotSchema } from '../../shared/api';
import { Announcements } from '../media/announcements';
import { WavFormatError } from '../media/wav';
import { runCli, type CliRun } from './command-io';
import {
  companyOfData,
  dataIo,
  dataOptions,
  type DataContext,
  type DataOptions,
} from './data-options';

export type AnnouncementCommandContext = DataContext;

interface SlotOptions extends DataOptions {
  json?: boolean;
}

/**
 * Adds `announcement set` and `announcement reset` to a program: an admin's own recording of
 * what refused callers hear (SPEC §3 Announcements), from a WAV file, or the shipped one again.
 * Checked as the Admin API checks it; a running PBX plays it from the next call.
 */
export function registerAnnouncementCommands(
  program: Command,
  ctx: AnnouncementCommandContext = {},
): void {
  const env = ctx.env ?? process.env;
  const now = ctx.now ?? Date.now;
  const { print, withData, fail } = dataIo(program, ctx);

  const announcement = program
    .command('announcement')
    .description('the recordings refused callers hear: your own WAV files or the shipped ones');

  /** The slot the arguments name, validated by the Admin API's schema; the data directory. */
  const slotOf = (language: string, sentence: string, o: DataOptions) => {
    const parsed = announcementSlotSchema.safeParse({ language, sentence });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const given = issue.path[0] === 'language' ? language : sentence;
      return fail(`${String(issue.path[0])}: "${given}" ${issue.message}`);
    }
    if (!o.dataDir) {
      return fail('recordings are kept in the data directory: give --data-dir DIR');
    }
    const recordings = new Announcements({ customDir: join(o.dataDir, 'announcements') });
    return { ...parsed.data, recordings };
  };

  dataOptions(
    announcement
      .command('set')
      .description('put your own recording in place of a sentence')
      .argument('<language>', 'ru or en')
      .argument('<sentence>', 'absent, absent-until, disabled, busy or no-answer')
      .argument('<file>', 'a WAV file: 16-bit PCM, mono, 8000 Hz, at most 7 s')
      .option('--json', 'print the recording as the Admin API shows it, one JSON line'),
    env,
  ).action((language: string, sentence: string, file: string, o: SlotOptions) => {
    const slot = slotOf(language, sentence, o);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      return fail(`cannot read ${file}: ${(error as Error).message}`);
    }
    return withData(o, async (store) => {
      const company = await companyOfData(store, o.company);
      let durationMs: number;
      try {
        durationMs = slot.recordings.replace(
          company.companyId,
          slot.language,
          slot.sentence,
          bytes,
        ).durationMs;
      } catch (error) {
        if (error instanceof WavFormatError) return fail(`${file}: ${error.message}`);
        throw error;
      }
      const target = `${slot.language}/${slot.sentence}`;
      await company.audit.append({
        actor: 'cli',
        action: 'announcement.replace',
        target,
        before: null,
        after: { durationMs },
        at: now(),
      });
      const view = { language: slot.language, sentence: slot.sentence, custom: true, durationMs };
      if (o.json) return print(JSON.stringify(view));
      print(`${target}: your recording, ${(durationMs / 1000).toFixed(1)} s.`);
    });
  });

  dataOptions(
    announcement
      .command('reset')
      .description('go back to the shipped recording of a sentence')
      .argument('<language>', 'ru or en')
      .argument('<sentence>', 'absent, absent-until, disabled, busy or no-answer'),
    env,
  ).action((language: string, sentence: string, o: DataOptions) => {
    const slot = slotOf(language, sentence, o);
    return withData(o, async (store) => {
      const company = await companyOfData(store, o.company);
      slot.recordings.restore(company.companyId, slot.language, slot.sentence);
      const target = `${slot.language}/${slot.sentence}`;
      await company.audit.append({
        actor: 'cli',
        action: 'announcement.restore',
        target,
        before: null,
        after: null,
        at: now(),
      });
      print(`${target}: the shipped recording.`);
    });
  });
}

/** Runs the announcement commands on argv (without "node script") with output captured: for tests. */
export function runAnnouncementCli(
  argv: string[],
  ctx: AnnouncementCommandContext = {},
): Promise<CliRun> {
  return runCli(argv, (program) => registerAnnouncementCommands(program, ctx));
}
