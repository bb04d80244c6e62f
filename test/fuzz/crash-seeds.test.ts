/**
 * Every seed that ever crashed the PBX (crash-seeds.ts), played again: the scenario alone on a
 * fresh PBX, pausing after every message, then a check call. PENDING: each of them kills the
 * PBX of e1adfe0 (test/fuzz/FINDINGS.md), so this file is enabled (renamed to
 * `crash-seeds.test.ts`) when the fault-isolated SIP core is merged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_SEEDS } from './crash-seeds';
import { replay } from './replay';
import { startFuzzRtpengine, type FuzzRtpengine } from './rtpengine';
import { DEFAULT_WORLD } from './world';

let rtpengine: FuzzRtpengine | undefined;

beforeAll(async () => {
  // Seeds found with rtpengine replay with it (CI installs rtpengine-daemon).
  if (CRASH_SEEDS.some((entry) => entry.flags.media)) rtpengine = await startFuzzRtpengine();
}, 20_000);
afterAll(() => rtpengine?.stop());

describe('crash seeds: the PBX survives every message that once killed it', () => {
  it.each(CRASH_SEEDS.map((entry) => [entry.name, entry] as const))(
    '%s',
    async (_name, entry) => {
      const { rates, without, media, only } = entry.flags;
      const outcome = await replay(
        entry.seed,
        entry.index,
        { rates, without: new Set(without), media, only },
        {
          ...DEFAULT_WORLD,
          rtpengine:
            media && rtpengine ? { host: rtpengine.host, port: rtpengine.port } : undefined,
        },
      );
      // The scenario must still send the message that killed the PBX, or the seed tests nothing
      // (the generator changed: find the seed again with the replay's flags).
      const sent = outcome.mutations.map((m) => `${m.step} ${m.mutation}`);
      expect(sent, outcome.summary).toContain(`${entry.step} ${entry.mutation}`);
      expect(outcome.survived, outcome.summary).toBe(true);
    },
    120_000,
  );
});
