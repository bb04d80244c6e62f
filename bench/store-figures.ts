/** The store benchmark's arithmetic and tables (pure: bench/store-figures.test.ts). */
import { STORE_TARGETS } from './config';
import { formatTable } from './report';
import { percentile } from './sipp';

export type Driver = 'sqlite' | 'postgres';

export interface Spread {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Count, p50, p99 and max of durations in ms (rounded to 0.1 ms). */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
  };
}

/**
 * Whether a queue's depth, sampled at a steady pace over a run, grew: its mean over the last
 * third of the run exceeds its mean over the first third by more than `floor` (what one second
 * of load queues). A queue that keeps up holds about what arrives while a batch commits,
 * whatever the run's length; one that falls behind by a few % a second gains `floor` in a
 * minute.
 */
export function queueGrows(depths: readonly number[], floor: number): boolean {
  const third = Math.floor(depths.length / 3);
  if (third === 0) return false;
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return mean(depths.slice(depths.length - third)) - mean(depths.slice(0, third)) > floor;
}

export interface EffectFigures extends Spread {
  /** Changes whose effect never reached the PBX's directory. */
  missed: number;
}

export interface WriteFigures {
  rate: number;
  seconds: number;
  calls: number;
  writes: number;
  maxDepth: number;
  /** Enqueue → committed. */
  lag: Spread;
  grows: boolean;
  /** From the last call to an empty queue. */
  drainMs: number;
  dropped: number;
}

export interface DirectoryFigures {
  numbers: number;
  companies: number;
  /** Seeding (and, for PostgreSQL, copying there), s. */
  seedSeconds: number;
  /** Process start → listening, s: with the numbers, and with none. */
  readySeconds: number;
  emptyReadySeconds: number;
  /** After a full GC, with the numbers less with none, MB. */
  rssMb: number;
  heapMb: number;
}

export interface DriverFigures {
  driver: Driver;
  effect: EffectFigures;
  writes: WriteFigures;
  directory: DirectoryFigures;
}

const NAMES: Record<Driver, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** The store benchmark's table: a column per driver, the target, PASS when every driver meets it. */
export function storeTable(drivers: readonly DriverFigures[]): string {
  const row = (
    measure: string,
    cell: (f: DriverFigures) => string,
    target: string,
    ok?: (f: DriverFigures) => boolean,
  ) => [measure, ...drivers.map(cell), target, ok ? (drivers.every(ok) ? 'PASS' : 'FAIL') : 'info'];
  const first = drivers[0];
  const rows = first
    ? [
        row(
          `Commit -> directory p50 / p99 / max ms (${first.effect.count} changes)`,
          ({ effect: e }) =>
            `${e.p50Ms} / ${e.p99Ms} / ${e.maxMs}${e.missed ? ` (${e.missed} missed)` : ''}`,
          `p99 <= ${STORE_TARGETS.effectP99Ms}`,
          ({ effect: e }) => e.missed === 0 && e.p99Ms <= STORE_TARGETS.effectP99Ms,
        ),
        row(
          `Write-behind ${first.writes.rate} calls/s for ${first.writes.seconds} s: max depth / max lag ms`,
          ({ writes: w }) => `${w.maxDepth} / ${w.lag.maxMs}${w.grows ? ' (grows)' : ''}`,
          'no growth',
          ({ writes: w }) => !w.grows && w.dropped === 0,
        ),
        row(
          'Write-behind lag p50 / p99 ms, drain after the last call ms',
          ({ writes: w }) => `${w.lag.p50Ms} / ${w.lag.p99Ms}, ${w.drainMs}`,
          'info',
        ),
        row(
          `Start-up to ready s, ${first.directory.numbers} numbers / ${first.directory.companies} companies (none)`,
          ({ directory: d }) => `${d.readySeconds} (${d.emptyReadySeconds})`,
          'info',
        ),
        row(
          'Directory RSS / heap MB (after GC, less an empty one)',
          ({ directory: d }) => `${d.rssMb} / ${d.heapMb}`,
          'info',
        ),
        row('Seeding s (bulk insert)', ({ directory: d }) => `${d.seedSeconds}`, 'info'),
      ]
    : [];
  return formatTable(['Measure', ...drivers.map((f) => NAMES[f.driver]), 'Target', 'Result'], rows);
}

/** The SIP benchmark's rates on both databases: PostgreSQL within 10 % of SQLite. */
export function databaseTable(
  sqlite: { register: number; calls: number },
  postgres: { register: number; calls: number },
): string {
  const share = STORE_TARGETS.postgresShareOfSqlite;
  const row = (measure: string, a: number, b: number) => {
    const ratio = b / a;
    const ok = Number.isFinite(ratio) && ratio >= share;
    const cell = Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-';
    return [measure, `${a}`, `${b}`, cell, `>= ${share}x`, ok ? 'PASS' : 'FAIL'];
  };
  return formatTable(
    ['Measure', 'SQLite', 'PostgreSQL', 'PostgreSQL/SQLite', 'Target', 'Result'],
    [
      row('Authenticated REGISTER/s', sqlite.register, postgres.register),
      row('Calls/s INVITE..BYE', sqlite.calls, postgres.calls),
    ],
  );
}
