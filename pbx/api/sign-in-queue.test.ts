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

  it('full: a newcomer takes the place of the busiest address’s newest sign-in', async () => {
    const queue = new SignInQueue({ concurrency: 1, maxQueued: 4, maxQueuedPerAddress: 3 });
    const started: string[] = [];
    const hold = gate(started, 'running');
    const runs = [queue.run('flood', hold.job)];
    const flood = ['f1', 'f2', 'f3'].map((name) =>
      queue.run('flood', async () => void started.push(name)).catch((e: unknown) => e),
    );
    runs.push(queue.run('other', async () => void started.push('o1')));
    // Full (4 waiting): the admin's one sign-in goes in, the flood's newest is refused.
    runs.push(queue.run('admin', async () => void started.push('admin')));
    expect(await flood[2]).toBeInstanceOf(SignInQueueFull);
    runs.push(queue.run('late', async () => void started.push('late')));
    expect(await flood[1]).toBeInstanceOf(SignInQueueFull);
    // Now no address has more than one waiting: the next newcomer has no one to take from.
    await expect(queue.run('later', async () => undefined)).rejects.toBeInstanceOf(SignInQueueFull);
    hold.open();
    await Promise.all([...runs, ...flood]);
    expect(started).toEqual(['running', 'f1', 'o1', 'admin', 'late']);
  });

  it('sign-ins from failing addresses wait behind the others, and give way when full', async () => {
    const queue = new SignInQueue({ concurrency: 1, maxQueued: 3 });
    const started: string[] = [];
    const hold = gate(started, 'running');
    const runs = [queue.run('x', hold.job, 'suspect')];
    const flood = ['x1', 'y1', 'z1'].map((name) =>
      queue.run(name[0]!, async () => void started.push(name), 'suspect').catch((e: unknown) => e),
    );
    // Full of suspects: the admin's clean sign-in takes a suspect's place (x1: the first of
    // the busiest, all having one)...
    runs.push(queue.run('admin', async () => void started.push('admin')));
    expect(await flood[0]).toBeInstanceOf(SignInQueueFull);
    hold.open();
    await Promise.all([...runs, ...flood]);
    // ...and goes first.
    expect(started).toEqual(['running', 'admin', 'y1', 'z1']);
  });

  it('frees its slot when a job fails', async () => {
    const queue = new SignInQueue({ concurrency: 1 });
    await expect(queue.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run('a', async () => 'next')).toBe('next');
  });
});
