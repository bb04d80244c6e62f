import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from './index';
import { WriteBehind } from './write-behind';

let store: Store;
let companyId: number;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  companyId = (await store.companies.create({ name: 'Acme' })).id;
});
afterEach(() => store.close());

const record = (callId: string) => ({
  callId,
  companyId,
  callerNumber: '0000001',
  callerName: 'Anna',
  calleeNumber: '0000002',
  calleeName: 'Boris',
  callerDevice: 'web',
  startedAt: 1,
});

describe('the write-behind queue', () => {
  it('writes nothing at once, then every queued write in order, in one transaction', async () => {
    let transactions = 0;
    const counting = {
      ...store,
      withTransaction: <T>(fn: (tx: Store) => Promise<T>) => {
        transactions++;
        return store.withTransaction(fn);
      },
    } as Store;
    const batched = new WriteBehind(counting, { batchMs: 20 });
    let id = 0;
    batched.enqueue(async (tx) => (id = await tx.callRecords.insert(record('a'))));
    batched.enqueue((tx) => tx.callRecords.markAnswered(id, 2, 'web'));
    batched.enqueue((tx) => tx.callRecords.markEnded(id, 3, 'answered', 200));
    expect(batched.pending).toBe(3);
    expect(await store.callRecords.getByCallId('a')).toBeUndefined();
    await batched.flush();
    expect(transactions).toBe(1);
    expect(await store.callRecords.getByCallId('a')).toMatchObject({
      answeredAt: 2,
      endedAt: 3,
      result: 'answered',
    });
  });

  it('writes by itself after batchMs, without a flush', async () => {
    const queue = new WriteBehind(store, { batchMs: 5 });
    queue.enqueue((tx) => tx.callRecords.insert(record('timed')));
    const deadline = Date.now() + 5000;
    while (!(await store.callRecords.getByCallId('timed')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await store.callRecords.getByCallId('timed')).toBeDefined();
  });

  it('gives up a write that keeps failing, reports it, and keeps the others', async () => {
    const errors: string[] = [];
    const queue = new WriteBehind(store, {
      retryMs: [1],
      onError: (_error, what) => errors.push(what),
    });
    queue.enqueue((tx) => tx.callRecords.insert(record('before')));
    queue.enqueue((tx) => tx.callRecords.insert({ ...record('bad'), companyId: 999 }));
    queue.enqueue((tx) => tx.callRecords.insert(record('after')));
    await queue.flush();
    expect(errors).toEqual(['batch', 'batch', 'write']);
    expect(await store.callRecords.getByCallId('before')).toBeDefined();
    expect(await store.callRecords.getByCallId('bad')).toBeUndefined();
    expect(await store.callRecords.getByCallId('after')).toBeDefined();
  });

  it('takes no writes once closed', async () => {
    const queue = new WriteBehind(store);
    queue.enqueue((tx) => tx.callRecords.insert(record('in')));
    await queue.close();
    queue.enqueue((tx) => tx.callRecords.insert(record('late')));
    await queue.flush();
    expect(await store.callRecords.getByCallId('in')).toBeDefined();
    expect(await store.callRecords.getByCallId('late')).toBeUndefined();
  });
});
