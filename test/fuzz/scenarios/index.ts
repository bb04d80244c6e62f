import { Prng } from '../prng';
import type { Run } from '../run';
import { carrierInbound, carrierOutbound } from './carrier-calls';
import { employeeCall } from './employee-call';
import { registration } from './registration';
import { streamGarbage } from './stream-garbage';
import { strayBurst } from './strays';
import { transfer } from './transfer';
import { wsGarbage } from './ws-garbage';

export type ScenarioName =
  | 'employee-call'
  | 'carrier-out'
  | 'carrier-in'
  | 'transfer'
  | 'registration'
  | 'stream-garbage'
  | 'ws-garbage'
  | 'stray-burst';

interface Scenario {
  weight: number;
  play: (run: Run) => Promise<void>;
  /** Only with rtpengine (the PBX refuses transfers of carrier calls without the bridge). */
  needsMedia?: boolean;
}

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  'employee-call': { weight: 30, play: employeeCall },
  'carrier-out': { weight: 14, play: carrierOutbound },
  'carrier-in': { weight: 14, play: carrierInbound },
  transfer: { weight: 6, play: transfer, needsMedia: true },
  registration: { weight: 4, play: registration },
  'stream-garbage': { weight: 4, play: streamGarbage },
  'ws-garbage': { weight: 4, play: wsGarbage },
  'stray-burst': { weight: 4, play: strayBurst },
};

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/** Which scenario index `index` of a run with `seed` plays: a function of both alone. */
export function scenarioKind(
  seed: number,
  index: number,
  media: boolean,
  only?: readonly ScenarioName[],
): ScenarioName {
  const names = SCENARIO_NAMES.filter(
    (name) => (!only || only.includes(name)) && (media || !SCENARIOS[name].needsMedia),
  );
  return new Prng(seed).fork(`kind:${index}`).weighted(names.map((n) => [n, SCENARIOS[n].weight]));
}
