import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzz } from './fuzzer';
import { World, type WorldOptions } from './world';

/** A small company: 12 devices that call, 4 company numbers, 2 for registrations and checks. */
const SMALL: WorldOptions = { employees: 20, inbound: 4, registering: 2 };

describe('the fuzzer’s harness', () => {
  it('plays every kind of call to its end and every check call completes, when nothing is broken', async () => {
    const result = await fuzz({
      seed: 1,
      seconds: 6,
      concurrency: 6,
      batchSeconds: 3,
      keepGoing: false,
      isolateCrashes: false,
      rates: { mutation: 0, hostile: 0 },
      without: new Set(),
      media: false,
      only: ['employee-call', 'carrier-out', 'carrier-in', 'registration'],
      world: SMALL,
      outDir: join(tmpdir(), 'pbx-fuzz-test'),
      log: () => undefined,
    });
    const { counts } = result;
    expect(counts.exits).toBe(0);
    expect(counts.fuzzerErrors).toBe(0);
    // Nothing is broken, so nothing should go unanswered; a slow moment of a shared machine may.
    expect(counts.scenariosAborted).toBeLessThanOrEqual(counts.dialogsCompleted / 20);
    expect(counts.checkCallsFailed).toBe(0);
    expect(counts.checkCallsPassed).toBeGreaterThanOrEqual(2);
    expect(counts.dialogsCompleted).toBeGreaterThan(10);
    expect(counts.registrations).toBeGreaterThan(0);
    expect(counts.streamFrames).toBeGreaterThan(0);
    expect(result.memory.last).toBeGreaterThan(0);
  }, 90_000);

  it('sees the PBX die: counted as an exit, and every wait ends at once', async () => {
    const world = await World.create(SMALL);
    try {
      const waiting = world.inbox().wait(() => true, 30_000);
      const killedAt = Date.now();
      world.pbx.kill();
      expect(await waiting).toBeUndefined();
      expect(Date.now() - killedAt).toBeLessThan(5000);
      expect(world.dead).toBe(true);
      expect(world.counts.exits).toBe(1);
      expect(world.pbx.exit?.signal).toBe('SIGKILL');
    } finally {
      await world.close();
    }
  }, 60_000);
});
