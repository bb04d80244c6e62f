/**
 * `npm run bench -- --hostile [--attack KIND]`: the hostile-load suite's full form (issue 20,
 * test/hostile/): each attack of FULL_PLAN on a fresh PBX process while SIPp's honest devices
 * register and call, then the office behind one address beside an idle flood. Prints a table
 * per attack, writes bench/results/hostile.json; exit status 1 when a run broke the bar.
 * Runs inside the bench's private network namespace like the rest of it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttackKind } from '../test/hostile/attacker';
import { CI_PLAN, FULL_PLAN } from '../test/hostile/config';
import { ATTACKS, runAttack, runOffice, type Figures } from '../test/hostile/scenarios';
import { problems, table } from '../test/hostile/verdict';
import { RESULTS } from './config';

export async function runHostileBench(args: readonly string[]): Promise<number> {
  const only = args.includes('--attack') ? args[args.indexOf('--attack') + 1] : undefined;
  // `--ci`: the plan `npm test` runs, for trying it outside vitest.
  const plan = args.includes('--ci') ? CI_PLAN : FULL_PLAN;
  const kinds = ATTACKS.filter((kind) => !only || kind === only);
  const runs: Figures[] = [];
  // A run that cannot finish (a process that stops answering) is a failure of that run; the
  // others still run and are reported.
  const unfinished: string[] = [];
  const measure = async (name: string, run: () => Promise<Figures>) => {
    try {
      runs.push(await run());
    } catch (error) {
      unfinished.push(`${name}: the run did not finish: ${(error as Error).message}`);
    }
  };
  for (const kind of kinds as AttackKind[]) {
    console.log(`hostile: ${kind} for ${plan.attackSeconds} s`);
    await measure(kind, () => runAttack(kind, plan));
  }
  if (!only || only === 'office') {
    console.log(`hostile: office of ${plan.officePhones} phones beside an idle flood`);
    await measure('office', () => runOffice(plan));
  }
  console.log(`\n${table(runs)}\n`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'hostile.json'), JSON.stringify({ plan, runs, unfinished }, null, 2));
  const found = [...unfinished, ...runs.flatMap(problems)];
  for (const problem of found) console.log(`FAIL ${problem}`);
  if (found.length === 0)
    console.log('every run held: 0 failed honest calls, RSS within bounds, PBX alive');
  return found.length === 0 ? 0 : 1;
}
