import { describe, expect, it } from 'vitest';
import { SignInQueue, SignInQueueFull } from './sign-in-queue';

/** A job the test finishes by hand, noting when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { job: () => (log.push(name), done), open };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('SignInQueue', () => {
  it('runs at most `concurrency` at once and serves waiting addresses in turn', async () => {
    const queue = new SignInQueue({ concurrency: 1, maxQueued: 100 });
    const started: string[] = [];
    const gates = ['a1', 'a2', 'a3', 'b1', 'c1'].map((name) => gate(started, name));
    const runs = gates.map((g, i) => queue.run(['a', 'a', 'a', 'b', 'c'][i]!, g.job));
    await tick();
    expect(started).toEqual(['a1']);
    expect(queue.load).toEqual({ queued: 4, running: 1 });
    for (const g of gates) {
      g.open();
      await tick();
    }
    await Promise.all(runs);
    // a's second and third wait behind b's and c's first, not in front of them.
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3']);
    expect(queue.load).toEqual({ queued: 0, running: 0 });
  });

  it('refuses at once past the queue or one address’s share, saying when to retry', async () => {
    const queue = new SignInQueue({ concurrency: 1, maxQueued: 4 });
    const started: string[] = [];
    const hold = gate(started, 'first');
    const runs = [queue.run('a', hold.job)];
    runs.push(queue.run('a', async () => undefined));
    // One address may hold a quarter of the queue: one here.
    await expect(queue.run('a', async () => undefined)).rejects.toBeInstanceOf(SignInQueueFull);
    for (const address of ['b', 'c', 'd']) runs.push(queue.run(address, async () => undefined));
    const full = await queue.run('e', async () => undefined).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(SignInQueueFull);
    expect((full as SignInQueueFull).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    hold.open();
    await Promise.all(runs);
    expect(queue.load).toEqual({ queued: 0, running: 0 });
  });

  it('frees its slot when a job fails', async () => {
    const queue = new SignInQueue({ concurrency: 1 });
    await expect(queue.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run('a', async () => 'next')).toBe('next');
  });
});
