import { checkCall } from './check-call';
import { emptyCounts } from './counters';
import { escapeBytes, stackTop, stepPace } from './crash';
import type { HarnessFault } from './harness-protocol';
import { play, type PlayOptions } from './play';
import { scenarioKind } from './scenarios';
import { World, type WorldOptions } from './world';

export interface ReplayOutcome {
  survived: boolean;
  /** Why the check call after it failed, when it did. */
  checkFailure?: string;
  fault?: HarnessFault;
  /** The broken messages the scenario sent: step, mutation and bytes. */
  mutations: { step: string; mutation: string; bytes: Buffer }[];
  summary: string;
}

/**
 * Plays scenario `index` of `seed` alone on a fresh PBX, pausing after every message, then a
 * check call: what a crash-seed regression test asserts, and `npm run fuzz -- --replay`.
 */
export async function replay(
  seed: number,
  index: number,
  options: PlayOptions,
  worldOptions: WorldOptions,
): Promise<ReplayOutcome> {
  const world = await World.create(worldOptions, emptyCounts());
  try {
    const { pace, last } = stepPace(world);
    const run = await play(world, seed, index, options, pace);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const kind = scenarioKind(seed, index, options.media, options.only);
    if (world.dead) {
      const fault = world.pbx.crash();
      const record = last();
      return {
        survived: false,
        fault,
        mutations: run.mutations,
        summary: [
          `seed ${seed}, scenario ${index} (${kind}): the PBX died: ${stackTop(fault)}`,
          `  after step "${record?.step}"${record?.mutation ? `, mutation ${record.mutation}` : ''}:`,
          ...escapeBytes(record?.bytes.toString('latin1') ?? '')
            .split('\n')
            .map((l) => `    ${l}`),
        ].join('\n'),
      };
    }
    const checkFailure = await checkCall(world, seed, 0);
    return {
      survived: !checkFailure && !world.dead,
      checkFailure,
      mutations: run.mutations,
      summary:
        `seed ${seed}, scenario ${index} (${kind}): the PBX stayed up after ` +
        `${run.mutations.length} broken messages; check call ${checkFailure ?? 'completed'}`,
    };
  } finally {
    await world.close();
  }
}
