import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeHa1 } from '../directory/ha1';
import { expectedDigestResponse, toDigestAnswer } from './digest';
import { NonceManager } from './nonce';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** A clock the test moves by hand. */
function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('NonceManager', () => {
  it('accepts a nonce it issued while it is fresh', () => {
    const nonces = new NonceManager();
    expect(nonces.check(nonces.issue())).toBe('valid');
  });

  it('issues a different nonce every time', () => {
    const nonces = new NonceManager();
    expect(nonces.issue()).not.toBe(nonces.issue());
  });

  it('calls a nonce stale once its lifetime has passed, not before', () => {
    const c = clock();
    const nonces = new NonceManager(300_000, c.now);
    const nonce = nonces.issue();
    c.t += 300_000;
    expect(nonces.check(nonce)).toBe('valid');
    c.t += 1;
    expect(nonces.check(nonce)).toBe('stale');
  });

  it('refuses forged, garbled and foreign nonces', () => {
    const nonces = new NonceManager();
    const nonce = nonces.issue();
    const [time, random, mac] = nonce.split('.') as [string, string, string];
    // Another timestamp with the original MAC (extending the lifetime) does not verify.
    expect(nonces.check(`${(Number.parseInt(time, 36) + 1).toString(36)}.${random}.${mac}`)).toBe(
      'invalid',
    );
    expect(nonces.check(`${time}.${random}x.${mac}`)).toBe('invalid');
    expect(nonces.check(`${time}.${random}.${mac.slice(0, -1)}`)).toBe('invalid');
    expect(nonces.check(`${time}.${random}`)).toBe('invalid');
    expect(nonces.check('')).toBe('invalid');
    expect(nonces.check('dcd98b7102dd2f0e8b11d0f600bfb0c093')).toBe('invalid');
    expect(nonces.check(`${nonce}.extra`)).toBe('invalid');
    // A nonce from another PBX process (another secret) is not ours.
    expect(nonces.check(new NonceManager().issue())).toBe('invalid');
  });

  it('refuses a nonce-count that is not higher than one already seen, per nonce', () => {
    const nonces = new NonceManager();
    const a = nonces.issue();
    const b = nonces.issue();
    expect(nonces.acceptCount(a, 1)).toBe(true);
    expect(nonces.acceptCount(a, 1)).toBe(false);
    expect(nonces.acceptCount(a, 2)).toBe(true);
    expect(nonces.acceptCount(a, 5)).toBe(true);
    expect(nonces.acceptCount(a, 3)).toBe(false);
    expect(nonces.acceptCount(b, 1)).toBe(true);
  });

  it('forgets counts of expired nonces but still refuses replays within the lifetime', () => {
    const c = clock();
    const nonces = new NonceManager(300_000, c.now);
    const nonce = nonces.issue();
    expect(nonces.acceptCount(nonce, 1)).toBe(true);
    c.t += 200_000;
    expect(nonces.acceptCount(nonce, 1)).toBe(false);
  });
});

describe('expectedDigestResponse', () => {
  it('reproduces the RFC 2617 §3.5 example', () => {
    const ha1 = md5('Mufasa:testrealm@host.com:Circle Of Life');
    expect(ha1).toBe(computeHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life'));
    const answer = {
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
      response: '6629fae49393a05397450978507c4ef1',
    };
    expect(expectedDigestResponse(ha1, 'GET', answer)).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('uses the RFC 2069 form without qop', () => {
    const ha1 = computeHa1('alice', 'r', 'pw');
    const answer = { username: 'alice', realm: 'r', nonce: 'n', uri: 'sip:x', response: '' };
    expect(expectedDigestResponse(ha1, 'REGISTER', answer)).toBe(
      md5(`${ha1}:n:${md5('REGISTER:sip:x')}`),
    );
  });
});

describe('toDigestAnswer', () => {
  const base = { username: 'u', realm: 'r', nonce: 'n', uri: 'sip:x', response: 'abc' };

  it('reads complete credentials', () => {
    expect(toDigestAnswer({ ...base, qop: 'auth', nc: '00000001', cnonce: 'c' })).toMatchObject({
      username: 'u',
      qop: 'auth',
      nc: '00000001',
    });
  });

  it('refuses missing fields, qop=auth without nc/cnonce and other qops', () => {
    expect(toDigestAnswer({ ...base, response: '' })).toBeUndefined();
    expect(toDigestAnswer({ ...base, qop: 'auth' })).toBeUndefined();
    expect(toDigestAnswer({ ...base, qop: 'auth-int', nc: '1', cnonce: 'c' })).toBeUndefined();
  });
});
