import { describe, expect, it } from 'vitest';
import { NonceManager } from './nonce';

describe('NonceManager memory bound', () => {
  it('forgets the oldest used nonces past its bound, and refuses them from then on', () => {
    let now = 1_000;
    const nonces = new NonceManager(300_000, () => now, 2);
    const [a, b, c] = [nonces.issue(), (now++, nonces.issue()), (now++, nonces.issue())];
    expect(nonces.acceptCount(a, 1)).toBe(true);
    expect(nonces.acceptCount(b, 1)).toBe(true);
    expect(nonces.acceptCount(c, 1)).toBe(true);
    expect(nonces.acceptCount(a, 2)).toBe(false);
    expect(nonces.acceptCount(c, 2)).toBe(true);
  });
});
