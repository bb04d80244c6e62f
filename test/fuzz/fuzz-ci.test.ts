/**
 * The bounded fuzz run of every CI run (issue 18): about a minute against a PBX in its own
 * process. PENDING: the PBX of e1adfe0 dies within seconds (test/fuzz/FINDINGS.md), so this
 * file is enabled (renamed to `fuzz-ci.test.ts`) when the fault-isolated SIP core is merged.
 * FUZZ_SEED pins the seed; otherwise each run draws one and a failure names it. FUZZ_WITHOUT
 * (mutation families, comma-separated) looks past a known crash while it is being fixed.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from './counters';
import { formatCrash } from './crash';
import { fuzz } from './fuzzer';
import { DEFAULT_RATES } from './run';
import { rtpengineInstalled, startFuzzRtpengine, type FuzzRtpengine } from './rtpengine';
import { DEFAULT_WORLD } from './world';

const SECONDS = 45;
const seed = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : (Math.random() * 2 ** 32) >>> 0;
let rtpengine: FuzzRtpengine | undefined;

beforeAll(async () => {
  // CI installs rtpengine (.ci/run); without it the transfer scenarios are left out.
  if (rtpengineInstalled()) rtpengine = await startFuzzRtpengine();
}, 20_000);
afterAll(() => rtpengine?.stop());

describe('the stateful SIP fuzzer (CI length)', () => {
  it('leaves the PBX up: no exit, no unhandled rejection, every check call completes', async () => {
    const lines: string[] = [];
    const result = await fuzz({
      seed,
      seconds: SECONDS,
      // Moderate on purpose: CI shares its cores with the rest of `npm test`.
      concurrency: 16,
      batchSeconds: 10,
      keepGoing: false,
      isolateCrashes: true,
      rates: DEFAULT_RATES,
      without: new Set((process.env.FUZZ_WITHOUT ?? '').split(',').filter(Boolean)),
      media: rtpengine !== undefined,
      world: {
        ...DEFAULT_WORLD,
        rtpengine: rtpengine && { host: rtpengine.host, port: rtpengine.port },
      },
      outDir: join(tmpdir(), 'pbx-fuzz'),
      log: (line) => lines.push(line),
    });
    const report = [
      `seed ${seed} (FUZZ_SEED=${seed} to run it again)`,
      ...result.crashes.map(formatCrash),
      formatReport(result.counts, result.memory, result.seconds, result.faults),
    ].join('\n');
    const { counts } = result;
    expect(counts.exits, report).toBe(0);
    expect(counts.uncaughtExceptions, report).toBe(0);
    expect(counts.unhandledRejections, report).toBe(0);
    expect(counts.checkCallsFailed, report).toBe(0);
    expect(counts.checkCallsPassed, report).toBeGreaterThanOrEqual(3);
    // A quarter of what 16 scenarios in flight reached on a busy 2-core VM: the fuzzer did run.
    expect(counts.dialogsCompleted, report).toBeGreaterThanOrEqual(100);
    expect(counts.inDialogMutations, report).toBeGreaterThanOrEqual(300);
    expect(counts.strayOrForgedResponses, report).toBeGreaterThanOrEqual(600);
    expect(counts.streamFrames, report).toBeGreaterThanOrEqual(150);
    expect(counts.webSocketFrames, report).toBeGreaterThanOrEqual(100);
    expect(counts.messagesSent, report).toBeGreaterThanOrEqual(5000);
  }, 150_000);
});
