import type { Logger } from 'pino';
import type { SipRequest } from '../sip/message';
import { refusal, SipError } from '../sip/sip-error';
import { expectedDigestResponse, toDigestAnswer } from './digest';
import { NonceManager } from './nonce';
import { FailureThrottle } from './throttle';

export interface AuthenticatorOptions {
  realm: string;
  /** HA1 of a SIP number, undefined when it does not exist. */
  lookupHa1(username: string): string | undefined;
  nonces?: NonceManager;
  throttle?: FailureThrottle;
  /** Where `auth.failed` goes (the user name and address only: never a digest or HA1). */
  log?: Logger;
}

/**
 * Digest authentication of requests from devices (RFC 3261 §22, RFC 2617 `qop=auth`).
 * REGISTER is challenged with 401 (registrar), everything else with 407 (proxy).
 */
export class Authenticator {
  readonly realm: string;
  private readonly nonces: NonceManager;
  private readonly throttle: FailureThrottle;

  constructor(private readonly options: AuthenticatorOptions) {
    this.realm = options.realm;
    this.nonces = options.nonces ?? new NonceManager();
    this.throttle = options.throttle ?? new FailureThrottle();
  }

  /** The authenticated user name; throws the challenge or refusal to send otherwise. */
  authenticate(request: SipRequest, sourceAddress: string): string {
    const asProxy = request.method !== 'REGISTER';
    if (this.throttle.isBlocked(`addr:${sourceAddress}`)) throw refusal('authThrottled');
    const credentials = this.findCredentials(request, asProxy);
    if (!credentials) throw this.challenge(asProxy, false);
    const answer = toDigestAnswer(credentials);
    if (!answer) throw this.challenge(asProxy, false);
    if (this.throttle.isBlocked(`user:${answer.username}`)) throw refusal('authThrottled');

    const nonceState = this.nonces.check(answer.nonce);
    if (nonceState === 'invalid') throw this.challenge(asProxy, false);
    const ha1 = this.options.lookupHa1(answer.username);
    const correct =
      ha1 !== undefined && expectedDigestResponse(ha1, request.method, answer) === answer.response;
    if (!correct) {
      this.throttle.recordFailure(`addr:${sourceAddress}`);
      this.throttle.recordFailure(`user:${answer.username}`);
      this.options.log?.info(
        { event: 'auth.failed', username: answer.username, address: sourceAddress },
        'wrong digest answer',
      );
      throw this.challenge(asProxy, false);
    }
    if (nonceState === 'stale') throw this.challenge(asProxy, true);
    if (
      answer.qop === 'auth' &&
      !this.nonces.acceptCount(answer.nonce, parseInt(answer.nc ?? '', 16))
    ) {
      // A replay, or a nonce too old to remember: a fresh nonce (stale) costs an honest client nothing.
      throw this.challenge(asProxy, true);
    }
    return answer.username;
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

  /** A 401 or 407 with a fresh nonce: the answer every client expects, not a refusal. */
  private challenge(asProxy: boolean, stale: boolean): SipError {
    const value =
      `Digest realm="${this.realm}", nonce="${this.nonces.issue()}", qop="auth", algorithm=MD5` +
      (stale ? ', stale=true' : '');
    return asProxy
      ? new SipError(407, 'Proxy Authentication Required', undefined, {
          'Proxy-Authenticate': value,
        })
      : new SipError(401, 'Unauthorized', undefined, { 'WWW-Authenticate': value });
  }
}
