/**
 * Commit-to-effect delay (bench/README.md, "Store"): a second store connection, as another node
 * or the CLI would be, commits changes at a steady pace, in turn: disable a SIP number, change
 * a number's setting (channels), add an employee; the PBX process reports when each reaches its
 * directory (`--report-effects`). Every change names a SIP number no other change names, so
 * the first effect on that number after the change began is its effect. Both stamps are
 * performance.timeOrigin + now() on one machine; the commit's is taken once it resolved.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createEmployee } from '../pbx/directory';
import type { Store } from '../pbx/store';
import { BENCH_DOMAIN, BENCH_PASSWORD } from './config';
import type { Effect } from './pbx';
import { spread, type EffectFigures } from './store-figures';

const now = () => performance.timeOrigin + performance.now();
/** How long an effect may take before its change counts as missed. */
const GRACE_MS = 5000;

interface Committed {
  number: string;
  began: number;
  committed: number;
}

/** Runs the changes; `effects` is the list the PBX process's reports are being pushed onto. */
export async function measureEffects(
  writer: Store,
  numbers: readonly string[],
  effects: readonly Effect[],
  plan: { effectRate: number; effectSeconds: number },
): Promise<EffectFigures> {
  const total = plan.effectRate * plan.effectSeconds;
  const interval = 1000 / plan.effectRate;
  const done: Committed[] = [];
  const start = now();
  for (let i = 0; i < total; i++) {
    const wait = start + i * interval - now();
    if (wait > 0) await sleep(wait);
    const number = numbers[(i * 7919) % numbers.length]!;
    const owner = await writer.sipNumbers.get(number);
    if (!owner) throw new Error(`the seeded SIP number ${number} is not in the store`);
    const company = writer.forCompany(owner.companyId);
    const began = now();
    let target = number;
    if (i % 3 === 0) await company.sipNumbers.updateSettings(number, { enabled: !owner.enabled });
    else if (i % 3 === 1) {
      await company.sipNumbers.updateSettings(number, { channels: owner.channels === 5 ? 6 : 5 });
    } else {
      const made = await createEmployee(
        company,
        { name: `Added ${i}`, password: BENCH_PASSWORD },
        BENCH_DOMAIN,
      );
      target = made.sipNumber;
    }
    done.push({ number: target, began, committed: now() });
  }
  await sleep(GRACE_MS);
  const delays: number[] = [];
  let missed = 0;
  for (const change of done) {
    const effect = effects.find(
      (e) => e.at >= change.began && (e.numbers.includes(change.number) || e.key === change.number),
    );
    if (effect) delays.push(effect.at - change.committed);
    else missed++;
  }
  return { ...spread(delays), missed };
}
