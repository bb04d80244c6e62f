import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeHa1 } from '../directory/ha1';
import { parseAuthParams } from '../sip/headers';
import type { SipRequest } from '../sip/message';
import { SipError } from '../sip/sip-error';
import { makeRequest } from '../sip/transaction/test-support';
import { parseUri } from '../sip/uri';
import type { DigestChallenge } from './authenticator';
import { Authenticator, type DigestAccount } from './authenticator';
import { NonceManager } from './nonce';
import { FailurePenalty } from './penalty';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const REALM = 'pbx.example.com';
const PASSWORDS: Record<string, string> = { '0100001': 'secret-1', '0100002': 'secret-2' };
/** Accounts whose password was set since the store keeps a SHA-256 HA1 as well. */
const WITH_SHA256 = new Set(['0100002']);

function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

/** The accounts as the store would give them (a fake source: HA1 only, never a password). */
function account(user: string): DigestAccount | undefined {
  const pw = PASSWORDS[user];
  if (pw === undefined) return undefined;
  const ha1Sha256 = WITH_SHA256.has(user) ? sha256(`${user}:${REALM}:${pw}`) : undefined;
  return { ha1: computeHa1(user, REALM, pw), ha1Sha256 };
}

function setup() {
  const c = clock();
  const nonces = new NonceManager(300_000, c.now);
  const penalty = new FailurePenalty({ now: c.now });
  const auth = new Authenticator({ realm: REALM, lookup: account, nonces, penalty });
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

function challengeValues(error: SipError): string[] {
  const header = error.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
  const value = error.headers[header];
  if (value === undefined) throw new Error(`no ${header} in ${error.status}`);
  return typeof value === 'string' ? [value] : [...value];
}

/** The first challenge's parameters (the one JsSIP and SIPp answer). */
function challengeOf(error: SipError): Record<string, string> {
  const parsed = parseAuthParams(challengeValues(error)[0] ?? '');
  expect(parsed.scheme).toBe('Digest');
  return parsed.params;
}

interface AnswerOptions {
  user?: string;
  password?: string;
  nc?: string;
  cnonce?: string;
  /** Leaves qop, nc and cnonce out (RFC 2069 style). */
  noQop?: boolean;
  /** The digest `uri`, when not the request's own. */
  uri?: string;
  algorithm?: 'MD5' | 'SHA-256';
}

/** Answers a challenge as a client would (RFC 7616 §3.4), adding the header to the request. */
function answer(
  req: SipRequest,
  challenge: Record<string, string>,
  opts: AnswerOptions = {},
): SipRequest {
  const user = opts.user ?? '0100001';
  const password = opts.password ?? PASSWORDS[user] ?? 'x';
  const realm = challenge.realm ?? '';
  const nonce = challenge.nonce ?? '';
  const nc = opts.nc ?? '00000001';
  const cnonce = opts.cnonce ?? 'f00dcafe';
  const uri = opts.uri ?? (req.method === 'REGISTER' ? `sip:${REALM}` : `sip:0100002@${REALM}`);
  const h = opts.algorithm === 'SHA-256' ? sha256 : md5;
  const ha1 = h(`${user}:${realm}:${password}`);
  const ha2 = h(`${req.method}:${uri}`);
  const response = opts.noQop
    ? h(`${ha1}:${nonce}:${ha2}`)
    : h(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  const header = req.method === 'REGISTER' ? 'Authorization' : 'Proxy-Authorization';
  const qop = opts.noQop ? '' : `, cnonce="${cnonce}", qop=auth, nc=${nc}`;
  req.headers.set(
    header,
    `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", ` +
      `response="${response}", algorithm=${opts.algorithm ?? 'MD5'}${qop}`,
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

  it('does not count a stale nonce or a replay as a failed guess', () => {
    const { auth, c } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const ok = answer(request('REGISTER'), challenge);
    expect(auth.authenticate(ok, 'a')).toBe('0100001');
    for (let i = 0; i < 10; i++) {
      const replay = refused(() => auth.authenticate(ok, 'a'));
      expect((replay as DigestChallenge).delayMs).toBe(0);
    }
    c.t += 300_001;
    expect(refused(() => auth.authenticate(ok, 'a')).status).toBe(401);
    const fresh = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    expect(auth.authenticate(answer(request('REGISTER'), fresh), 'a')).toBe('0100001');
  });
});

describe('replay-proof answers', () => {
  it('challenges again an answer without qop, even with the right password', () => {
    const { auth } = setup();
    for (const method of ['REGISTER', 'INVITE']) {
      const challenge = challengeOf(refused(() => auth.authenticate(request(method), 'a')));
      const replayable = answer(request(method), challenge, { noQop: true });
      const error = refused(() => auth.authenticate(replayable, 'a'));
      expect(error.status).toBe(method === 'REGISTER' ? 401 : 407);
      expect(challengeOf(error).qop).toBe('auth');
    }
  });

  it('refuses an answer made for another Request-URI', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('INVITE'), 'a')));
    // An answer for a call to 0100002 placed on an INVITE to an outside number.
    const toOutside = request('INVITE');
    toOutside.uri = parseUri(`sip:+74951234567@${REALM}`);
    const error = refused(() =>
      auth.authenticate(answer(toOutside, challenge, { uri: `sip:0100002@${REALM}` }), 'a'),
    );
    expect(error.status).toBe(407);
    // The same answer with its own Request-URI is fine.
    const own = answer(request('INVITE'), challenge, { nc: '00000002' });
    expect(auth.authenticate(own, 'a')).toBe('0100001');
  });

  it('compares the digest uri as a SIP URI: host case and parameter order do not matter', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('INVITE'), 'a')));
    const req = request('INVITE');
    req.uri = parseUri(`sip:0100002@${REALM};transport=tcp;user=phone`);
    const uri = `sip:0100002@${REALM.toUpperCase()};user=phone;transport=TCP`;
    expect(auth.authenticate(answer(req, challenge, { uri }), 'a')).toBe('0100001');
    const other = answer(request('INVITE'), challenge, {
      nc: '00000002',
      uri: `sip:0100002@${REALM};transport=udp`,
    });
    expect(refused(() => auth.authenticate(other, 'a')).status).toBe(407);
  });
});

describe("SIPp's digest uri (the server's address, no user)", () => {
  const sippStyle = (strict: boolean) => {
    const c = clock();
    const auth = new Authenticator({
      realm: REALM,
      lookup: account,
      nonces: new NonceManager(300_000, c.now),
      strictDigestUri: strict,
    });
    const invite = () => {
      const r = request('INVITE');
      r.uri = parseUri('sip:0100002@192.0.2.10:5060');
      return r;
    };
    const challenge = challengeOf(refused(() => auth.authenticate(invite(), 'a')));
    return () =>
      auth.authenticate(answer(invite(), challenge, { uri: 'sip:192.0.2.10:5060' }), 'a');
  };

  it('is accepted by default, bound to its nonce-count like any answer', () => {
    expect(sippStyle(false)()).toBe('0100001');
  });

  it('is refused with --strict-digest-uri', () => {
    expect(refused(sippStyle(true)).status).toBe(407);
  });

  it('does not stretch to another host or port', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('INVITE'), 'a')));
    const other = answer(request('INVITE'), challenge, { uri: 'sip:pbx.other.example' });
    expect(refused(() => auth.authenticate(other, 'a')).status).toBe(407);
  });
});

describe('SHA-256 digest (RFC 7616, RFC 8760)', () => {
  it('offers SHA-256 between MD5s to an account with a SHA-256 HA1, and only MD5 otherwise', () => {
    const { auth } = setup();
    const withSha = challengeValues(
      refused(() => auth.authenticate(request('REGISTER', '0100002'), 'a')),
    );
    // SIPp reads the first challenge and JsSIP the last: both MD5.
    expect(withSha.map((v) => parseAuthParams(v).params.algorithm)).toEqual([
      'MD5',
      'SHA-256',
      'MD5',
    ]);
    const nonces = new Set(withSha.map((v) => parseAuthParams(v).params.nonce));
    expect(nonces.size).toBe(1);
    const md5Only = challengeValues(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    expect(md5Only.map((v) => parseAuthParams(v).params.algorithm)).toEqual(['MD5']);
  });

  it('challenges libre 1.x (baresip 1.0), which gives up on any other algorithm, with MD5 alone', () => {
    const { auth } = setup();
    const baresip = request('REGISTER', '0100002');
    baresip.headers.set('User-Agent', 'baresip v1.0.0 (x86_64/linux)');
    const values = challengeValues(refused(() => auth.authenticate(baresip, 'a')));
    expect(values.map((v) => parseAuthParams(v).params.algorithm)).toEqual(['MD5']);
  });

  it('accepts a SHA-256 answer and an MD5 answer from an account that has both', () => {
    const { auth } = setup();
    const challenge = challengeOf(
      refused(() => auth.authenticate(request('REGISTER', '0100002'), 'a')),
    );
    const sha = answer(request('REGISTER', '0100002'), challenge, {
      user: '0100002',
      algorithm: 'SHA-256',
    });
    expect(auth.authenticate(sha, 'a')).toBe('0100002');
    const plain = answer(request('REGISTER', '0100002'), challenge, {
      user: '0100002',
      nc: '00000002',
    });
    expect(auth.authenticate(plain, 'a')).toBe('0100002');
  });

  it('refuses a SHA-256 answer from an account without a SHA-256 HA1, and a wrong one', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const noSha = answer(request('REGISTER'), challenge, { algorithm: 'SHA-256' });
    expect(refused(() => auth.authenticate(noSha, 'a')).status).toBe(401);
    const wrong = answer(request('REGISTER', '0100002'), challenge, {
      user: '0100002',
      algorithm: 'SHA-256',
      password: 'guess',
    });
    expect(refused(() => auth.authenticate(wrong, 'a')).status).toBe(401);
  });

  it('challenges again an answer with an algorithm it did not offer', () => {
    const { auth } = setup();
    const challenge = challengeOf(refused(() => auth.authenticate(request('REGISTER'), 'a')));
    const req = answer(request('REGISTER'), challenge);
    const header = req.headers.get('authorization') ?? '';
    req.headers.set('authorization', header.replace('algorithm=MD5', 'algorithm=MD5-sess'));
    expect(refused(() => auth.authenticate(req, 'a')).status).toBe(401);
  });
});

describe('failed answers are slowed, never refused', () => {
  const wrongAnswer = (auth: Authenticator, address: string, user = '0100001') => {
    const challenge = challengeOf(
      refused(() => auth.authenticate(request('REGISTER', user), address)),
    );
    const req = answer(request('REGISTER', user), challenge, { user, password: 'guess' });
    return refused(() => auth.authenticate(req, address)) as DigestChallenge;
  };

  it('holds back the answers of a pair that keeps failing, growing to 5 s', () => {
    const { auth } = setup();
    const delays = Array.from({ length: 10 }, () => wrongAnswer(auth, '198.51.100.7').delayMs);
    expect(delays).toEqual([0, 0, 0, 250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('still challenges at once and accepts the right password from the failing address', () => {
    const { auth } = setup();
    for (let i = 0; i < 20; i++) wrongAnswer(auth, '198.51.100.7');
    const first = refused(() => auth.authenticate(request('REGISTER'), '198.51.100.7'));
    expect([first.status, (first as DigestChallenge).delayMs]).toEqual([401, 0]);
    const ok = answer(request('REGISTER'), challengeOf(first));
    expect(auth.authenticate(ok, '198.51.100.7')).toBe('0100001');
  });

  it('never locks an account: failures from many addresses leave the owner alone', () => {
    const { auth } = setup();
    for (let i = 1; i <= 200; i++) wrongAnswer(auth, `198.51.100.${i}`);
    const challenge = challengeOf(
      refused(() => auth.authenticate(request('REGISTER'), '10.0.0.1')),
    );
    expect(auth.authenticate(answer(request('REGISTER'), challenge), '10.0.0.1')).toBe('0100001');
    // A mistyped password of the owner is not held back: the others' failures are not theirs.
    expect(wrongAnswer(auth, '10.0.0.1').delayMs).toBe(0);
  });

  it('slows an address failing across many accounts, for every account it tries', () => {
    const { auth } = setup();
    const users = Array.from({ length: 8 }, (_, i) => `09000${String(i).padStart(2, '0')}`);
    const delays = users.map((user) => wrongAnswer(auth, '203.0.113.9', user).delayMs);
    expect(delays).toEqual([0, 0, 0, 0, 0, 250, 500, 1000]);
    // An honest colleague behind the same address answering correctly is not held back.
    const challenge = challengeOf(
      refused(() => auth.authenticate(request('REGISTER'), '203.0.113.9')),
    );
    expect(auth.authenticate(answer(request('REGISTER'), challenge), '203.0.113.9')).toBe(
      '0100001',
    );
  });

  it('forgets a pair once it answers correctly, and everything after the window', () => {
    const { auth, c } = setup();
    for (let i = 0; i < 6; i++) wrongAnswer(auth, '198.51.100.7');
    const challenge = challengeOf(
      refused(() => auth.authenticate(request('REGISTER'), '198.51.100.7')),
    );
    auth.authenticate(answer(request('REGISTER'), challenge), '198.51.100.7');
    expect(wrongAnswer(auth, '198.51.100.7').delayMs).toBe(0);
    for (let i = 0; i < 6; i++) wrongAnswer(auth, '198.51.100.8');
    c.t += 15 * 60_000;
    expect(wrongAnswer(auth, '198.51.100.8').delayMs).toBe(0);
  });
});
