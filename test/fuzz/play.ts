import { NoDevice, PbxGone, PbxRefused, Run, StepTimeout, type Pace, type Rates } from './run';
import { SCENARIOS, scenarioKind, type ScenarioName } from './scenarios';
import type { World } from './world';

/** What decides which scenario an index plays and how it is broken: part of every replay. */
export interface PlayOptions {
  rates: Rates;
  without: ReadonlySet<string>;
  /** rtpengine runs: transfer scenarios are in the mix. */
  media: boolean;
  only?: readonly ScenarioName[];
  /** Reports an error of the fuzzer itself (a scenario that threw something unexpected). */
  onFuzzerError?: (error: unknown, index: number) => void;
  /** Why a scenario gave up (counted by reason for the report). */
  onAbort?: (reason: string) => void;
  /** Why the PBX refused a call before ringing anyone (counted by reason for the report). */
  onRefusal?: (reason: string) => void;
}

/** Plays scenario `index` of `seed` to its end; the outcome is in the world's counters. */
export async function play(
  world: World,
  seed: number,
  index: number,
  options: PlayOptions,
  pace?: Pace,
): Promise<Run> {
  const kind = scenarioKind(seed, index, options.media, options.only);
  const run = new Run(world, seed, index, options.rates, options.without, pace);
  try {
    await SCENARIOS[kind].play(run);
  } catch (error) {
    // A connection the PBX reset or refused while opening is its answer, not a fuzzer bug.
    const socketError = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(
      (error as { code?: string })?.code ?? '',
    );
    if (error instanceof PbxRefused) {
      world.counts.callsEndedEarly++;
      options.onRefusal?.(`${kind}: ${error.message}`);
    } else if (error instanceof StepTimeout || socketError) {
      world.counts.scenariosAborted++;
      options.onAbort?.(`${kind}: ${(error as Error).message}`);
    } else if (error instanceof NoDevice) await new Promise((resolve) => setTimeout(resolve, 2));
    else if (!(error instanceof PbxGone)) {
      world.counts.fuzzerErrors++;
      options.onFuzzerError?.(error, index);
    }
  } finally {
    run.release();
  }
  return run;
}
