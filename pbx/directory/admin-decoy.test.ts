import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { hashAdminPassword, verifyAdminPassword } from './admins';

describe('the first admin sign-in after a start', () => {
  it('does not hold up the event loop (SIP runs on it) for the decoy hash', async () => {
    // The cost of one hash done synchronously, on this machine now.
    const started = performance.now();
    hashAdminPassword('a password of some length');
    const syncMs = performance.now() - started;

    // An unknown e-mail: checked against the decoy, which this process has not made yet.
    const store = { admins: { getByEmail: async () => undefined } } as unknown as Store;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await new Promise((resolve) => setTimeout(resolve, 10)); // its timer starts on the next turn
    const admin = await verifyAdminPassword(store, 'nobody@example.com', 'not the password');
    // The histogram records a late turn of the loop when its timer next runs.
    await new Promise((resolve) => setTimeout(resolve, 20));
    delay.disable();

    expect(admin).toBeNull();
    expect(delay.max / 1e6).toBeLessThan(syncMs / 2);
  });
});
