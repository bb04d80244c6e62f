/**
 * Write-behind lag (bench/README.md, "Store"): calls at a steady rate through the PBX's own
 * DialogTracker (a start, an answer and, `holdMs` later, an end: the three call-record writes
 * a call makes) into the real WriteBehind queue on a real store. Measures the queue's depth
 * (every 100 ms while calls come) and each write's lag from enqueue to the commit of its batch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DialogTracker } from '../pbx/routing/dialogs';
import { WriteBehind, type QueuedWrite, type Store, type WriteQueue } from '../pbx/store';
import { queueGrows, spread, type WriteFigures } from './store-figures';

const now = () => performance.timeOrigin + performance.now();
const TICK_MS = 10;
const SAMPLE_MS = 100;

export async function measureWriteBehind(
  store: Store,
  plan: { callRate: number; callSeconds: number; holdMs: number },
): Promise<WriteFigures> {
  const companyId = (await store.companies.create({ name: 'Write-behind bench' })).id;
  const lags: number[] = [];
  let enqueuedInBatch: number[] = [];
  // The queue commits one batch at a time: the writes that ran inside a transaction are its.
  const timed = new Proxy(store, {
    get(target, key) {
      if (key !== 'withTransaction') return Reflect.get(target, key, target) as unknown;
      return async (fn: (tx: Store) => Promise<unknown>) => {
        enqueuedInBatch = [];
        const result = await target.withTransaction(fn);
        const committed = now();
        for (const at of enqueuedInBatch) lags.push(committed - at);
        return result;
      };
    },
  });
  const writes = new WriteBehind(timed);
  const queue: WriteQueue = {
    enqueue(write: QueuedWrite) {
      const at = now();
      writes.enqueue(async (tx) => {
        await write(tx);
        enqueuedInBatch.push(at);
      });
    },
    flush: () => writes.flush(),
    close: () => writes.close(),
  };
  const tracker = new DialogTracker(queue, Date.now, undefined, 'bench');
  const depths: number[] = [];
  const sampler = setInterval(() => depths.push(writes.pending), SAMPLE_MS);
  const ending: { callId: string; at: number }[] = [];
  const start = now();
  const total = plan.callRate * plan.callSeconds;
  let calls = 0;
  while (calls < total || ending.length > 0) {
    const t = now();
    const due = Math.min(total, Math.floor(((t - start) / 1000) * plan.callRate));
    for (; calls < due; calls++) {
      const callId = `bench-${calls}`;
      const call = tracker.callStarted({
        callId,
        companyId,
        callerNumber: '0100000',
        callerName: 'Caller',
        calleeNumber: '0100001',
        calleeName: 'Callee',
        callerDevice: 'sip:0100000@127.0.0.1:5090',
      });
      tracker.callAnswered(call, 'sip:0100001@127.0.0.1:5090');
      ending.push({ callId, at: t + plan.holdMs });
    }
    while (ending.length > 0 && ending[0]!.at <= t) tracker.callEnded(ending.shift()!.callId);
    await sleep(TICK_MS);
  }
  // The depth while calls come: what the drain does after them is `drainMs`.
  clearInterval(sampler);
  const lastCall = now();
  await writes.close();
  const drainMs = Math.round(now() - lastCall);
  return {
    rate: plan.callRate,
    seconds: plan.callSeconds,
    calls,
    writes: lags.length,
    maxDepth: Math.max(0, ...depths),
    lag: spread(lags),
    grows: queueGrows(depths, plan.callRate * 3),
    drainMs,
    dropped: writes.dropped,
  };
}
