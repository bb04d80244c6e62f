import { describe, expect, it } from 'vitest';
import { FailurePenalty } from './penalty';

describe('FailurePenalty', () => {
  it('counts per (account, address) pair: one pair failing leaves the others at once', () => {
    const penalty = new FailurePenalty({ now: () => 0 });
    for (let i = 0; i < 6; i++) penalty.failed('0100001', '10.0.0.1');
    expect(penalty.delayMs('0100001', '10.0.0.1')).toBe(1000);
    expect(penalty.delayMs('0100001', '10.0.0.2')).toBe(0);
    expect(penalty.delayMs('0100002', '10.0.0.1')).toBe(0);
  });

  it('remembers a bounded number of pairs and addresses', () => {
    const penalty = new FailurePenalty({ maxTracked: 100, now: () => 0 });
    for (let i = 0; i < 1000; i++) penalty.failed(`user-${i}`, `10.0.${i >> 8}.${i & 255}`);
    for (let i = 0; i < 1000; i++) penalty.failed(`user-${i}`, '192.0.2.1');
    expect(penalty.tracked.pairs).toBeLessThanOrEqual(100);
    expect(penalty.tracked.addresses).toBeLessThanOrEqual(100);
    // The scanning address is still known as one: its spread is capped, not forgotten.
    expect(penalty.delayMs('anyone', '192.0.2.1')).toBe(5000);
  });

  it('knows which addresses failed within the window', () => {
    let now = 0;
    const penalty = new FailurePenalty({ windowMs: 1000, now: () => now });
    penalty.failed('0100001', '10.0.0.1');
    expect(penalty.hasFailed('10.0.0.1')).toBe(true);
    expect(penalty.hasFailed('10.0.0.2')).toBe(false);
    now = 1000;
    expect(penalty.hasFailed('10.0.0.1')).toBe(false);
  });
});
