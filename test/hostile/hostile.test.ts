/**
 * The hostile-load suite in its CI form (issue 20): every attack, scaled down (config.ts
 * CI_PLAN), each on a fresh PBX process while SIPp's honest devices register and call. Runs in
 * the e2e project, inside its private network namespace (scripts/test-e2e.mjs); the full form is
 * `npm run bench -- --hostile`.
 */
import { describe, expect, it } from 'vitest';
import { CI_PLAN } from './config';
import { ATTACKS, runAttack, runOffice, type Figures } from './scenarios';
import { problems, table } from './verdict';

/** An attack's ramp, hold and the PBX's start, with room for a busy machine. */
const RUN_TIMEOUT_MS = 120_000;

function expectHeld(figures: Figures): void {
  console.log(`\n${table([figures])}`);
  expect(problems(figures)).toEqual([]);
}

describe('the PBX under hostile load (CI form)', () => {
  it('runs in a private network namespace of its own', () => {
    // Thousands of connections from 127.0.1.x belong on a loopback no one else uses.
    expect(process.env.SOFTPHONE_E2E_NETNS, 'run it with node scripts/test-e2e.mjs').toBe('1');
  });

  for (const kind of ATTACKS) {
    it(
      `${kind}: no honest call fails, RSS stays within 300 MB of idle, the PBX lives`,
      async () => expectHeld(await runAttack(kind, CI_PLAN)),
      RUN_TIMEOUT_MS,
    );
  }

  it(
    `an office of ${CI_PLAN.officePhones} phones behind one address keeps working beside an idle flood`,
    async () => expectHeld(await runOffice(CI_PLAN)),
    RUN_TIMEOUT_MS,
  );
});
