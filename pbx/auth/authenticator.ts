import type { Logger } from 'pino';
import type { SipRequest } from '../sip/message';
import { SipError } from '../sip/sip-error';
import {
  answerAlgorithm,
  expectedDigestResponse,
  responsesMatch,
  toDigestAnswer,
  type DigestAlgorithm,
} from './digest';
import { digestUriMatches } from './digest-uri';
import { NonceManager } from './nonce';
import { FailurePenalty } from './penalty';

/** What the PBX keeps of an account's password: HA1 only (SPEC §3). */
export interface DigestAccount {
  /** MD5(user:realm:password), hex. */
  ha1: string;
  /**
   * SHA-256(user:realm:password), hex (RFC 7616): only known for passwords set or reset since
   * the store keeps it. With it, SHA-256 is offered beside MD5.
   */
  ha1Sha256?: string | null;
}

export interface AuthenticatorOptions {
  realm: string;
  /** The account of a SIP number, undefined when it does not exist. */
  lookup(username: string): DigestAccount | undefined;
  nonces?: NonceManager;
  penalty?: FailurePenalty;
  /** Refuse SIPp's form of the digest `uri` (the Request-URI without its user): digest-uri.ts. */
  strictDigestUri?: boolean;
  /** Where `auth.failed` goes (the user name and address only: never a digest or HA1). */
  log?: Logger;
}

/**
 * A 401/407 challenge: the answer every client expects, not a refusal. After a failed attempt
 * it is held back `delayMs` (the failure penalty); the request route sends it then.
 */
export class DigestChallenge extends SipError {
  constructor(
    status: number,
    reason: string,
    headers: Readonly<Record<string, string | readonly string[]>>,
    readonly delayMs = 0,
  ) {
    super(status, reason, undefined, headers);
  }
}

/**
 * Digest authentication of requests from devices (RFC 3261 §22, RFC 7616, RFC 8760).
 * REGISTER is challenged with 401 (registrar), everything else with 407 (proxy). Only answers
 * with `qop=auth`, a nonce-count never seen before and a `uri` naming the Request-URI are
 * accepted, so a captured answer authenticates nothing else. A correct answer is always
 * accepted; a wrong one is answered with a new challenge, held back by the failure penalty.
 */
export class Authenticator {
  readonly realm: string;
  private readonly nonces: NonceManager;
  private readonly penalty: FailurePenalty;

  constructor(private readonly options: AuthenticatorOptions) {
    this.realm = options.realm;
    this.nonces = options.nonces ?? new NonceManager();
    this.penalty = options.penalty ?? new FailurePenalty();
  }

  /** The authenticated user name; throws the challenge to send otherwise. */
  authenticate(request: SipRequest, sourceAddress: string): string {
    const asProxy = request.method !== 'REGISTER';
    const credentials = this.findCredentials(request, asProxy);
    const answer = credentials && toDigestAnswer(credentials);
    const algorithm = answer && answerAlgorithm(answer);
    // No answer, one the PBX does not take (no qop: replayable), or one made for another request.
    if (!answer || !algorithm || answer.qop !== 'auth' || !this.namesRequest(answer.uri, request)) {
      throw this.challenge(request, asProxy, false);
    }
    const nonceState = this.nonces.check(answer.nonce);
    if (nonceState === 'invalid') throw this.challenge(request, asProxy, false);
    if (!this.correct(request.method, answer, algorithm)) {
      this.penalty.failed(answer.username, sourceAddress);
      this.options.log?.info(
        { event: 'auth.failed', username: answer.username, address: sourceAddress },
        'wrong digest answer',
      );
      const delayMs = this.penalty.delayMs(answer.username, sourceAddress);
      throw this.challenge(request, asProxy, false, delayMs);
    }
    if (nonceState === 'stale') throw this.challenge(request, asProxy, true);
    if (!this.nonces.acceptCount(answer.nonce, parseInt(answer.nc ?? '', 16))) {
      // A replay, or a nonce too old to remember: a fresh nonce (stale) costs an honest client nothing.
      throw this.challenge(request, asProxy, true);
    }
    this.penalty.succeeded(answer.username, sourceAddress);
    return answer.username;
  }

  private namesRequest(digestUri: string, request: SipRequest): boolean {
    return digestUriMatches(digestUri, request.uri, this.options.strictDigestUri);
  }

  private correct(
    method: string,
    answer: NonNullable<ReturnType<typeof toDigestAnswer>>,
    algorithm: DigestAlgorithm,
  ): boolean {
    const account = this.options.lookup(answer.username);
    const ha1 = algorithm === 'MD5' ? account?.ha1 : account?.ha1Sha256;
    if (!ha1) return false;
    return responsesMatch(expectedDigestResponse(ha1, method, answer, algorithm), answer.response);
  }

  private findCredentials(
    request: SipRequest,
    asProxy: boolean,
  ): Record<string, string> | undefined {
    // Unreadable credentials are left out, so they count as none: the client gets a challenge.
    const offered = request.credentials(asProxy ? 'proxy-authorization' : 'authorization');
    for (const parsed of offered) {
      if (parsed.scheme.toLowerCase() === 'digest' && parsed.params.realm === this.realm) {
        return parsed.params;
      }
    }
    return undefined;
  }

  /**
   * A 401 or 407 with a fresh nonce. For an account with a SHA-256 HA1 it offers SHA-256
   * (RFC 8760) between two MD5 challenges: SIPp reads only the first challenge and JsSIP only
   * the last (its parser keeps the last header of a name), and both give up on any algorithm
   * but MD5; a client that picks the strongest offered picks SHA-256.
   */
  private challenge(
    request: SipRequest,
    asProxy: boolean,
    stale: boolean,
    delayMs = 0,
  ): DigestChallenge {
    const nonce = this.nonces.issue();
    const value = (algorithm: DigestAlgorithm) =>
      `Digest realm="${this.realm}", nonce="${nonce}", qop="auth", algorithm=${algorithm}` +
      (stale ? ', stale=true' : '');
    const account = this.options.lookup(challengedUser(request) ?? '');
    const values =
      account?.ha1Sha256 && !refusesOtherAlgorithms(request)
        ? [value('MD5'), value('SHA-256'), value('MD5')]
        : value('MD5');
    return asProxy
      ? new DigestChallenge(
          407,
          'Proxy Authentication Required',
          { 'Proxy-Authenticate': values },
          delayMs,
        )
      : new DigestChallenge(401, 'Unauthorized', { 'WWW-Authenticate': values }, delayMs);
  }
}

/** Whose credentials a request needs: the number a REGISTER binds, else the caller (From). */
function challengedUser(request: SipRequest): string | undefined {
  return request.method === 'REGISTER' ? request.to?.uri.user : request.from?.uri.user;
}

/**
 * SIP stacks that give up on the whole 401/407 when any challenge names an algorithm other
 * than MD5, though RFC 7616 §3.7 has a client pick the first it supports: libre 1.x (baresip
 * 1.0, Debian 12's) answers ENOSYS and never registers. They get the MD5 challenge alone.
 */
const MD5_ONLY_AGENTS = [/^baresip\b/i, /\blibre\b/i];

function refusesOtherAlgorithms(request: SipRequest): boolean {
  const agent = request.headers.get('user-agent') ?? '';
  return MD5_ONLY_AGENTS.some((pattern) => pattern.test(agent));
}
