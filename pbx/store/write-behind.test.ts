import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from './index';
import { StorageHealth } from './health';
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

  describe('while the database cannot write (issue 20: disk full)', () => {
    /** The store with its disk "full" while `full.on`: every transaction fails as SQLite does. */
    const fullDisk = () => {
      const full = { on: true, attempts: 0 };
      const failing = {
        ...store,
        withTransaction: <T>(fn: (tx: Store) => Promise<T>) => {
          full.attempts++;
          if (full.on) {
            return Promise.reject(
              Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
            );
          }
          return store.withTransaction(fn);
        },
      } as Store;
      return { full, failing };
    };

    it('keeps every write, in order, retries it, and writes it all once space returns', async () => {
      const { full, failing } = fullDisk();
      const logged: string[] = [];
      const health = new StorageHealth({
        error: (_fields, message) => logged.push(message),
        info: (_fields, message) => logged.push(message),
      });
      const errors: string[] = [];
      const queue = new WriteBehind(failing, {
        batchMs: 0,
        storageRetryMs: 5,
        health,
        onError: (_error, what) => errors.push(what),
      });
      let id = 0;
      queue.enqueue(async (tx) => (id = await tx.callRecords.insert(record('kept'))));
      queue.enqueue((tx) => tx.callRecords.markEnded(id, 3, 'answered', 200));
      const flushed = queue.flush();
      await new Promise((r) => setTimeout(r, 60));
      expect(full.attempts).toBeGreaterThan(3);
      expect(queue.pending).toBe(2);
      expect(health.state).toMatchObject({ problem: 'disk-full', queuedWrites: 2 });
      expect(logged).toHaveLength(1); // once a minute, not once per attempt
      full.on = false;
      await flushed;
      expect(errors).toEqual([]);
      expect(queue.pending).toBe(0);
      expect(health.state.problem).toBeNull();
      expect(logged).toEqual([
        expect.stringContaining('disk is full'),
        'the database writes again',
      ]);
      expect(await store.callRecords.getByCallId('kept')).toMatchObject({ result: 'answered' });
    });

    it('keeps at most maxPending writes and reports the ones it drops', async () => {
      const { failing } = fullDisk();
      const dropped: string[] = [];
      const queue = new WriteBehind(failing, {
        batchMs: 0,
        storageRetryMs: 5,
        maxPending: 2,
        closeTimeoutMs: 20,
        onError: (error, what) => dropped.push(`${what}: ${(error as Error).message}`),
      });
      for (const callId of ['a', 'b', 'c']) {
        queue.enqueue((tx) => tx.callRecords.insert(record(callId)));
      }
      expect(queue.pending).toBe(2);
      expect(dropped).toEqual(['dropped: 1 write(s) dropped: the write-behind queue is full']);
      await queue.close(); // the PBX stops with the disk still full: it does not hang
      expect(queue.dropped).toBe(3);
    });
  });
});
