import { describe, expect, it } from 'vitest';
import { databaseTable, queueGrows, spread, storeTable, type DriverFigures } from './store-figures';

describe('spread of durations', () => {
  it('gives count, p50, p99 and max, rounded to 0.1 ms', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i + 0.04);
    expect(spread(values)).toEqual({ count: 100, p50Ms: 51, p99Ms: 100, maxMs: 100 });
  });

  it('says NaN when nothing was measured', () => {
    expect(spread([])).toEqual({ count: 0, p50Ms: NaN, p99Ms: NaN, maxMs: NaN });
  });
});

describe('whether the write-behind queue grows', () => {
  it('does not for a queue that holds steady, however jagged', () => {
    const steady = Array.from({ length: 600 }, (_, i) => (i % 5) * 200);
    expect(queueGrows(steady, 3000)).toBe(false);
  });

  it('does for a queue that falls behind a little every second', () => {
    const behind = Array.from({ length: 600 }, (_, i) => i * 15); // 150 writes a second
    expect(queueGrows(behind, 3000)).toBe(true);
  });

  it('does not for a burst at the start that drains', () => {
    const burst = Array.from({ length: 600 }, (_, i) => (i < 20 ? 10_000 : 50));
    expect(queueGrows(burst, 3000)).toBe(false);
  });
});

const driver = (name: 'sqlite' | 'postgres', p99Ms: number, grows: boolean): DriverFigures => ({
  driver: name,
  effect: { count: 600, p50Ms: 10, p99Ms, maxMs: p99Ms + 1, missed: 0 },
  writes: {
    rate: 1000,
    seconds: 60,
    calls: 60_000,
    writes: 180_000,
    maxDepth: 120,
    lag: { count: 180_000, p50Ms: 20, p99Ms: 40, maxMs: 55 },
    grows,
    drainMs: 30,
    dropped: 0,
  },
  directory: {
    numbers: 100_000,
    companies: 1000,
    seedSeconds: 3,
    readySeconds: 2.5,
    emptyReadySeconds: 0.4,
    rssMb: 60,
    heapMb: 45,
  },
});

describe('the store table', () => {
  it('has a column per driver and passes a target only when every driver meets it', () => {
    const table = storeTable([driver('sqlite', 40, false), driver('postgres', 120, false)]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^Measure +\| SQLite +\| PostgreSQL +\| Target +\| Result$/);
    expect(lines[2]).toMatch(/10 \/ 40 \/ 41 +\| 10 \/ 120 \/ 121 +\| p99 <= 100 +\| FAIL/);
    expect(lines[3]).toMatch(/120 \/ 55 +\| 120 \/ 55 +\| no growth +\| PASS/);
    expect(lines[5]).toMatch(/100000 numbers \/ 1000 companies.*\| 2\.5 \(0\.4\)/);
  });

  it('fails the write-behind row when a queue grows', () => {
    const table = storeTable([driver('postgres', 40, true)]);
    expect(table.split('\n')[3]).toMatch(/\(grows\) +\| no growth +\| FAIL/);
  });
});

describe('PostgreSQL against SQLite in the SIP benchmark', () => {
  it('passes within 10 % and fails beyond', () => {
    const lines = databaseTable(
      { register: 6500, calls: 1500 },
      { register: 6000, calls: 1250 },
    ).split('\n');
    expect(lines[2]).toMatch(/REGISTER\/s +\| 6500 +\| 6000 +\| 0\.92x +\| >= 0\.9x +\| PASS/);
    expect(lines[3]).toMatch(/Calls\/s.*\| 1500 +\| 1250 +\| 0\.83x +\| >= 0\.9x +\| FAIL/);
  });

  it('fails when SQLite confirmed no rate', () => {
    const lines = databaseTable({ register: 0, calls: 0 }, { register: 10, calls: 0 }).split('\n');
    expect(lines[2]).toMatch(/\| - +\| >= 0\.9x +\| FAIL/);
  });
});
