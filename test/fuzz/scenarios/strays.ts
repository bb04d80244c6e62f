import { stray } from '../hostile';
import type { Run } from '../run';
import { TRANSPORTS } from './employee-call';

/**
 * A burst of responses nobody asked for, from the fuzzer's sink socket and from a registered
 * device's own connection: top Via the PBX's, the rest broken every way (hostile.ts `stray`).
 */
export async function strayBurst(run: Run): Promise<void> {
  const plan = run.step('plan');
  const device = run.device('call', plan.pick(TRANSPORTS));
  for (let n = plan.between(5, 20); n > 0; n--) {
    await stray(run, 'stray-burst', run.step('stray'), device.endpoint);
  }
}
