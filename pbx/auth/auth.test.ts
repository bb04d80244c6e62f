import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeHa1 } from '../directory/ha1';
import { parseAuthParams } from '../sip/headers';
import type { SipRequest } from '../sip/message';
import { SipError } from '../sip/sip-error';
import { makeRequest } from '../sip/transaction/test-support';
import { parseUri } from '../sip/uri';
import { Authenticator } from './authenticator';
import { expectedDigestResponse, toDigestAnswer } from './digest';
import { NonceManager } from './nonce';
import { FailureThrottle } from './throttle';

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

describe('FailureThrottle', () => {
  it('blocks a key at the limit until its oldest failure leaves the window', () => {
    const c = clock();
    const throttle = new FailureThrottle(3, 60_000, c.now);
    throttle.recordFailure('k');
    c.t += 10_000;
    throttle.recordFailure('k');
    throttle.recordFailure('k');
    expect(throttle.isBlocked('k')).toBe(true);
    expect(throttle.isBlocked('other')).toBe(false);
    c.t += 49_999;
    expect(throttle.isBlocked('k')).toBe(true);
    c.t += 1; // the first failure is now exactly one window old
    expect(throttle.isBlocked('k')).toBe(false);
    c.t += 10_000;
    expect(throttle.isBlocked('k')).toBe(false);
    throttle.recordFailure('k');
    throttle.recordFailure('k');
    throttle.recordFailure('k');
    expect(throttle.isBlocked('k')).toBe(true);
  });

  it('says how long until a blocked key may try again', () => {
    const c = clock();
    const throttle = new FailureThrottle(2, 60_000, c.now);
    throttle.recordFailure('k');
    expect(throttle.retryAfterMs('k')).toBe(0);
    c.t += 15_000;
    throttle.recordFailure('k');
    expect(throttle.retryAfterMs('k')).toBe(45_000);
    c.t += 45_000;
    expect(throttle.retryAfterMs('k')).toBe(0);
  });

  it('is not blocked below the limit', () => {
    const throttle = new FailureThrottle(3);
    throttle.recordFailure('k');
    throttle.recordFailure('k');
    expect(throttle.isBlocked('k')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------

const REALM = 'pbx.example.com';
const PASSWORDS: Record<string, string> = { '0100001': 'secret-1', '0100002': 'secret-2' };

function setup(options: { limit?: number } = {}) {
  const c = clock();
  const nonces = new NonceManager(300_000, c.now);
  const throttle = new FailureThrottle(options.limit ?? 3, 60_000, c.now);
  const auth = new Authenticator({
    realm: REALM,
    lookupHa1: (user) => {
      const pw = PASSWORDS[user];
      return pw === undefined ? undefined : computeHa1(user, REALM, pw);
    },
    nonces,
    throttle,
  });
  return { c, auth, nonces };
}

function request(method: string, from = '0100001'): SipRequest {
  const r = makeRequest(method);
  r.uri = method === 'REGISTER' ? parseUri(`sip:${REALM}`) : parseUri(`sip:0100002@${REALM}`);
  r.headers.set('From', `<sip:${from}@${REALM}>;tag=abc`);
  r.headers.set('To', `<sip:${method === 'REGISTER' ? from : '0100002'}@${REALM}>`);
  return r;
}

/** What authenticate threw (a SipError), or fails the test. */
function refused(fn: () => unknown): SipError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SipError) return error;
    throw error;
  }
  throw new Error('expected a SipError, got success');
}

function challengeOf(error: SipError): Record<string, string> {
  const header = error.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const value = error.headers[header];
  if (value === undefined) throw new Error(`no ${header} in ${error.status}`);
  const parsed = parseAuthParams(value);
  expect(parsed.scheme).toBe('Digest');
  return parsed.params;
}

/** Answers a challenge as a client would (RFC 2617 §3.2.2), adding the header to the request. */
function answer(
  req: SipRequest,
  challenge: Record<string, string>,
  opts: { user?: string; password?: string; nc?: string; cnonce?: string } = {},
): SipRequest {
  const user = opts.user ?? '0100001';
  const password = opts.password ?? PASSWORDS[user] ?? 'x';
  const realm = challenge.realm ?? '';
  const nonce = challenge.nonce ?? '';
  const nc = opts.nc ?? '00000001';
  const cnonce = opts.cnonce ?? 'f00dcafe';
  const uri = req.method === 'REGISTER' ? `sip:${REALM}` : `sip:0100002@${REALM}`;
  const ha1 = computeHa1(user, realm, password);
  const ha2 = md5(`${req.method}:${uri}`);
  const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  const header = req.method === 'REGISTER' ? 'Authorization' : 'Proxy-Authorization';
  req.headers.set(
    header,
    `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", ` +
      `response="${response}", algorithm=MD5, cnonce="${cnonce}", qop=auth, nc=${nc}`,
  );
  return req;
}

describe('Authenticator', () => {
  it('challenges a REGISTER without credentials with 401 and WWW-Authenticate', () => {
    const { auth, nonces } = setup();
    const error = refused(() => auth.authenticate(request('REGISTER'), '203.0.113.5'));
    expect(error.status).toBe(401);
    expect(error.reason).toBe('Unauthorized');
    expect(error.headers['Proxy-Authenticate']).toBeUndefined();
    expect(error.headers['WWW-Authenticate']).toMatch(/qop="auth"/);
    const challenge = challengeOf(error);
    expect(challenge.realm).toBe(REALM);
    expect(challenge.qop).toBe('auth');
    expect(challenge.algorithm).toBe('MD5');
    expect(challenge.stale).toBeUndefined();
    expect(nonces.check(challenge.nonce ?? '')).toBe('valid');
  });

  it('challenges an INVITE without credentials with 407 and Proxy-Authenticate', () => {
    const { auth } = setup();
    const error = refused(() => auth.authenticate(request('INVITE'), '203.0.113.5'));
    expect(error.status).toBe(407);
    expect(error.reason).toBe('Proxy Authentication Required');
    expect(error.headers['WWW-Authenticate']).toBeUndefined();
    expect(error.headers['Proxy-Authenticate']).toMatch(/qop="auth"/);
    expect(challengeOf(error).realm).toBe(REALM);
  });

  it('accepts a correct answer to a REGISTER challenge and returns the user name', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    expect(auth.authenticate(answer(request('REGISTER'), challenge), 'a')).toBe('0100001');
  });

  it('accepts a correct answer to an INVITE challenge in Proxy-Authorization', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('INVITE'), 'a')));
    expect(auth.authenticate(answer(request('INVITE'), challenge), 'a')).toBe('0100001');
  });

  it('ignores an INVITE answering in Authorization (the registrar header)', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const invite = answer(request('INVITE'), challenge);
    invite.headers.set('Authorization', invite.headers.get('Proxy-Authorization') ?? '');
    invite.headers.delete('Proxy-Authorization');
    expect(refused(() => auth.authenticate(invite, 'a')).status).toBe(407);
  });

  it('answers a wrong password with a new challenge (fresh nonce, not stale)', () => {
    const { auth } = setup();
    const first = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const error = refused(() =>
      auth.authenticate(answer(request('REGISTER'), first, { password: 'wrong' }), 'a'),
    );
    expect(error.status).toBe(401);
    const again = challengeOf(error);
    expect(again.nonce).not.toBe(first.nonce);
    expect(again.stale).toBeUndefined();
  });

  it('challenges an unknown user like a wrong password', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const error = refused(() =>
      auth.authenticate(answer(request('REGISTER'), challenge, { user: '0999999' }), 'a'),
    );
    expect(error.status).toBe(401);
  });

  it('challenges credentials for another realm', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const error = refused(() =>
      auth.authenticate(answer(request('REGISTER'), { ...challenge, realm: 'other' }), 'a'),
    );
    expect(error.status).toBe(401);
  });

  it('challenges a forged nonce', () => {
    const { auth } = setup();
    const error = refused(() =>
      auth.authenticate(answer(request('REGISTER'), { realm: REALM, nonce: 'forged.n.x' }), 'a'),
    );
    expect(error.status).toBe(401);
    expect(challengeOf(error).stale).toBeUndefined();
  });

  it('answers a correct answer on a stale nonce with stale=true', () => {
    const { auth, c } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    c.t += 300_001;
    const error = refused(() => auth.authenticate(answer(request('REGISTER'), challenge), 'a'));
    expect(error.status).toBe(401);
    const again = challengeOf(error);
    expect(again.stale).toBe('true');
    expect(again.nonce).not.toBe(challenge.nonce);
    // The fresh nonce works.
    expect(auth.authenticate(answer(request('REGISTER'), again), 'a')).toBe('0100001');
  });

  it('does not say stale=true for a wrong password on a stale nonce', () => {
    const { auth, c } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    c.t += 300_001;
    const error = refused(() =>
      auth.authenticate(answer(request('REGISTER'), challenge, { password: 'bad' }), 'a'),
    );
    expect(challengeOf(error).stale).toBeUndefined();
  });

  it('refuses a replayed nonce-count and accepts a higher one', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const first = answer(request('REGISTER'), challenge, { nc: '00000001' });
    expect(auth.authenticate(first, 'a')).toBe('0100001');
    // The very same request again (a replay).
    expect(refused(() => auth.authenticate(first, 'a')).status).toBe(401);
    expect(auth.authenticate(answer(request('REGISTER'), challenge, { nc: '00000002' }), 'a')).toBe(
      '0100001',
    );
    expect(
      refused(() =>
        auth.authenticate(answer(request('REGISTER'), challenge, { nc: '00000002' }), 'a'),
      ).status,
    ).toBe(401);
  });

  it('refuses a replayed request whose nonce-count is not hexadecimal', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const req = answer(request('REGISTER'), challenge, { nc: 'zzzzzzzz' });
    // Either the odd nc is refused at once, or at the latest its replay is.
    const outcomes = [0, 1].map(() => {
      try {
        return auth.authenticate(req, 'a');
      } catch (error) {
        return error instanceof SipError ? error.status : error;
      }
    });
    expect(outcomes.filter((o) => o === '0100001').length).toBeLessThanOrEqual(1);
  });

  it('throttles a source address after N failures with 403 auth-throttled', () => {
    const { auth, c } = setup({ limit: 3 });
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'bad')));
    for (let i = 0; i < 3; i++) {
      const error = refused(() =>
        auth.authenticate(answer(request('REGISTER'), challenge, { password: 'guess' }), 'bad'),
      );
      expect(error.status).toBe(401);
    }
    // Blocked even without credentials, and even with the right password, for other users too.
    for (const req of [
      request('REGISTER'),
      answer(request('REGISTER'), challenge, { nc: '00000009' }),
      answer(request('INVITE', '0100002'), challenge, { user: '0100002' }),
    ]) {
      const error = refused(() => auth.authenticate(req, 'bad'));
      expect(error.status).toBe(403);
      expect(error.reason).toBe('Too Many Failed Attempts');
      expect(error.token).toBe('auth-throttled');
    }
    // The user 0100002 has no failures: from another address it gets in.
    const fresh = challengeOf(refused(() => auth.authenticate(request('INVITE', '0100002'), 'ok')));
    expect(
      auth.authenticate(answer(request('INVITE', '0100002'), fresh, { user: '0100002' }), 'ok'),
    ).toBe('0100002');
    // After the window the address may try again.
    c.t += 60_000;
    const later = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'bad')));
    expect(auth.authenticate(answer(request('REGISTER'), later), 'bad')).toBe('0100001');
  });

  it('throttles a user after N failures, also from another address', () => {
    const { auth } = setup({ limit: 3 });
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'x')));
    ['198.51.100.1', '198.51.100.2', '198.51.100.3'].forEach((addr) => {
      const error = refused(() =>
        auth.authenticate(answer(request('REGISTER'), challenge, { password: 'guess' }), addr),
      );
      expect(error.status).toBe(401);
    });
    const error = refused(() =>
      auth.authenticate(answer(request('REGISTER'), challenge, { nc: '00000002' }), '192.0.2.99'),
    );
    expect(error.status).toBe(403);
    expect(error.token).toBe('auth-throttled');
    // Another user from that address is not affected.
    const other = challengeOf(refused(() => auth.authenticate(request('REGISTER'), '192.0.2.99')));
    expect(
      auth.authenticate(answer(request('REGISTER'), other, { user: '0100002' }), '192.0.2.99'),
    ).toBe('0100002');
  });

  it('does not count a stale nonce or a replay as a failed guess', () => {
    const { auth, c } = setup({ limit: 1 });
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const ok = answer(request('REGISTER'), challenge);
    expect(auth.authenticate(ok, 'a')).toBe('0100001');
    expect(refused(() => auth.authenticate(ok, 'a')).status).toBe(401);
    c.t += 300_001;
    expect(refused(() => auth.authenticate(ok, 'a')).status).toBe(401);
    const fresh = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    expect(auth.authenticate(answer(request('REGISTER'), fresh), 'a')).toBe('0100001');
  });
});
