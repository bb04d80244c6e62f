/**
 * What happens after the PBX died: the scenarios that were sending are played again one by
 * one, alone, on a fresh PBX, pausing after every message; the one that kills it names the
 * step and the exact bytes. The report goes to a file and to the console.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyCounts } from './counters';
import type { HarnessFault } from './harness-protocol';
import { play, type PlayOptions } from './play';
import { DEFAULT_RATES, PbxGone, type Pace } from './run';
import { scenarioKind } from './scenarios';
import { World, type SentRecord, type WorldOptions } from './world';

export interface Culprit {
  index: number;
  scenario: string;
  step: string;
  mutation?: string;
  /** The message's bytes as latin1 text (every byte one character) and as base64. */
  text: string;
  base64: string;
}

/** What a replay needs besides seed and index to play the same scenario the same way. */
export interface ReplayFlags {
  rates: { mutation: number; hostile: number };
  without: string[];
  media: boolean;
  only?: string[];
}

export function replayFlags(options: PlayOptions): ReplayFlags {
  return {
    rates: options.rates,
    without: [...options.without],
    media: options.media,
    only: options.only && [...options.only],
  };
}

/** The command line that replays scenario `index` of `seed` with the same flags. */
export function replayCommand(seed: number, index: number, flags: ReplayFlags): string {
  const args = [`--replay ${seed}:${index}`];
  const { mutation, hostile } = flags.rates;
  if (mutation !== DEFAULT_RATES.mutation) args.push(`--mutation-rate ${mutation}`);
  if (hostile !== DEFAULT_RATES.hostile) args.push(`--hostile-rate ${hostile}`);
  if (flags.without.length > 0) args.push(`--without ${flags.without.join(',')}`);
  if (flags.only) args.push(`--only ${flags.only.join(',')}`);
  if (!flags.media) args.push('--no-media');
  return `npm run fuzz -- ${args.join(' ')}`;
}

export interface CrashReport {
  seed: number;
  flags: ReplayFlags;
  stackTop: string;
  fault?: HarnessFault;
  exit?: { code: number | null; signal: string | null };
  /** The scenario and message that killed a fresh PBX when played alone. */
  culprit?: Culprit;
  /** What the fresh PBX died of, when played alone. */
  replayStackTop?: string;
  /** Scenario indices that were sending when it died, most recent first. */
  suspects: number[];
  /** The last messages sent before it died (any scenario). */
  recent: { run: number; step: string; mutation?: string; transport: string; text: string }[];
  stderr: string;
  file?: string;
}

/** The SIP layer's throwing parsers: a crash is told apart by who called them. */
const PARSERS = /\/pbx\/sip\/(headers|uri|parser)\.ts/;

/**
 * Where a crash happened: the first two stack frames inside the PBX but outside its parsers
 * (the code that called a throwing parser, and from where), which tells two crashes apart:
 * whichever parser function gave up on the text, it is one call site to fix.
 */
export function stackTop(fault: HarnessFault | undefined): string {
  if (!fault) return 'exit without an exception';
  const frames = fault.stack
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '));
  const inPbx = frames.filter((line) => line.includes('/pbx/') && !PARSERS.test(line));
  // The caller too: one helper (DialogLeg.confirm) is reached from three kinds of call.
  const ours = inPbx.length > 0 ? inPbx.slice(0, 2) : frames.slice(0, 1);
  // Function and file, without line numbers: one throwing call site is one crash however many
  // lines of the parser it fails on.
  const where = ours.map((frame) =>
    frame
      .replace(/^at /, '')
      .replace(/\(?(?:file:\/\/)?\/[^()]*?\/(pbx\/[^:()]+):\d+:\d+\)?/, '($1)'),
  );
  return `${fault.name}: ${fault.message.split('\n')[0]!.slice(0, 120)} @ ${where.join(' < ')}`;
}

/** A pace for step mode: after each message, wait until the PBX answered an IPC round trip. */
export function stepPace(world: World): { pace: Pace; last: () => SentRecord | undefined } {
  let last: SentRecord | undefined;
  const settle = async (ms: number) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const status = await world.pbx.status(false, 3000);
    if (!status || world.dead) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (world.dead) throw new PbxGone();
    }
  };
  const pace: Pace = async (record) => {
    last = { run: 0, transport: 'udp', at: Date.now(), ...record };
    await settle(5);
    // Again a little later: a crash after a media round trip (rtpengine) comes after the IPC.
    await settle(25);
  };
  return { pace, last: () => last };
}

export interface Isolated {
  culprit: Culprit;
  fault?: HarnessFault;
  stackTop: string;
}

/**
 * Plays each suspect alone on a fresh PBX, pausing after every message. Every suspect that
 * kills it is a crash of its own (a new PBX is started after each); the search stops at the
 * one that dies like the original (`wanted`), or after `budgetMs`.
 */
export async function isolate(
  seed: number,
  suspects: readonly number[],
  options: PlayOptions,
  worldOptions: WorldOptions,
  wanted: string,
  budgetMs = 180_000,
): Promise<Isolated[]> {
  const found: Isolated[] = [];
  const until = Date.now() + budgetMs;
  let world: World | undefined;
  try {
    for (const index of suspects) {
      if (Date.now() > until) break;
      try {
        world ??= await World.create(worldOptions, emptyCounts());
      } catch {
        break; // no fresh PBX to play on (too slow to start): the report says not isolated
      }
      const { pace, last } = stepPace(world);
      await play(world, seed, index, options, pace);
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (!world.dead) continue;
      const record = last();
      const fault = world.pbx.crash();
      await world.close();
      world = undefined;
      const top = stackTop(fault);
      found.push({
        fault,
        stackTop: top,
        culprit: {
          index,
          scenario: scenarioKind(seed, index, options.media, options.only),
          step: record?.step ?? '(none)',
          mutation: record?.mutation,
          text: record?.bytes.toString('latin1') ?? '',
          base64: record?.bytes.toString('base64') ?? '',
        },
      });
      if (top === wanted) break;
    }
    return found;
  } finally {
    await world?.close();
  }
}

export function describeRecent(recent: readonly SentRecord[]): CrashReport['recent'] {
  return recent.slice(-12).map((r) => ({
    run: r.run,
    step: r.step,
    mutation: r.mutation,
    transport: r.transport,
    text: r.bytes.subarray(0, 4000).toString('latin1'),
  }));
}

/** Writes the report as JSON into `dir`; returns its path. */
export function writeReport(dir: string, report: CrashReport): string {
  mkdirSync(dir, { recursive: true });
  const name = `crash-${report.seed}-${report.culprit?.index ?? 'unisolated'}-${Date.now()}.json`;
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}

/** The console block: seed, step, the message with its bytes escaped, the stack top. */
export function formatCrash(report: CrashReport): string {
  const lines = [
    `PBX DIED (seed ${report.seed}): ${report.stackTop}`,
    `  exit ${JSON.stringify(report.exit)}; suspects ${report.suspects.slice(0, 8).join(', ')}`,
  ];
  const c = report.culprit;
  if (c) {
    lines.push(
      `  reproduced alone: scenario ${c.index} (${c.scenario}), step "${c.step}"` +
        `${c.mutation ? `, mutation ${c.mutation}` : ''}`,
      `  replay: ${replayCommand(report.seed, c.index, report.flags)}`,
      `  died of: ${report.replayStackTop}`,
      '  message:',
      ...escapeBytes(c.text)
        .split('\n')
        .map((line) => `    ${line}`),
    );
  } else {
    lines.push('  not reproduced by any suspect alone; the last messages are in the report file');
  }
  if (report.file) lines.push(`  report: ${report.file}`);
  return lines.join('\n');
}

/** Printable bytes: CRLF kept as line breaks, everything else outside ASCII as \xNN. */
export function escapeBytes(text: string): string {
  return text
    .slice(0, 6000)
    .replace(/[^\x20-\x7e\r\n]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/\r\n/g, '\n');
}
