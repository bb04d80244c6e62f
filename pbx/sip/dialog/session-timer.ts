/**
 * RFC 4028 session timers for one dialog: the refresher re-INVITEs or UPDATEs at half the
 * interval; the other side, when no refresh came, ends the session slightly before it expires
 * (the minimum of 32 s and a third of the interval, §10).
 */
import type { SipMessage } from '../message';
import type { Guard } from './types';

export type Refresher = 'uac' | 'uas';

/** An interval and who refreshes it, as one transaction (its request or its 2xx) set it. */
export interface SessionTerms {
  seconds: number;
  refresher: Refresher;
}

/**
 * The terms a request asks for, as its 2xx confirms them: the refresher the request names, else
 * its sender (the PBX never volunteers to refresh for a peer that did not ask it to).
 */
export function requestedTerms(request: SipMessage): SessionTerms | undefined {
  const asked = request.sessionExpires;
  if (!asked || asked.seconds <= 0) return undefined;
  return { seconds: asked.seconds, refresher: asked.refresher ?? 'uac' };
}

/** The terms a 2xx to the PBX's INVITE or UPDATE sets (no refresher named: the UAC refreshes). */
export const answeredTerms = requestedTerms;

/** `Session-Expires: 90;refresher=uac`. */
export function sessionExpiresValue(terms: SessionTerms): string {
  return `${terms.seconds};refresher=${terms.refresher}`;
}

export interface SessionTimerEvents {
  /** Time for the PBX, the refresher, to send a refresh. */
  due(): void;
  /** No refresh came in time: the session is over. */
  expired(): void;
}

export class SessionTimer {
  /** The session interval in seconds, while a session timer runs. */
  seconds?: number;
  /** Whether the PBX is the refresher. */
  weRefresh = false;
  private handle?: NodeJS.Timeout;

  constructor(
    private readonly events: SessionTimerEvents,
    private readonly guard: Guard,
  ) {}

  get running(): boolean {
    return this.seconds !== undefined;
  }

  /** Starts the interval again, with these terms: a refresh succeeded, or the dialog began. */
  start(seconds: number, weRefresh: boolean): void {
    this.seconds = seconds;
    this.weRefresh = weRefresh;
    this.arm();
  }

  /** A successful re-INVITE or UPDATE that named no interval refreshes the one there is. */
  refreshed(): void {
    if (this.running) this.arm();
  }

  stop(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
    this.seconds = undefined;
  }

  private arm(): void {
    clearTimeout(this.handle);
    const interval = (this.seconds ?? 0) * 1000;
    const expiry = interval - Math.min(32_000, interval / 3);
    const expire = () => this.guard('session expiry', () => this.events.expired());
    if (!this.weRefresh) {
      this.handle = setTimeout(expire, expiry);
      return;
    }
    this.handle = setTimeout(
      () =>
        this.guard('session refresh', () => {
          // Should the refresh never succeed, the session still ends when the peer's would.
          this.handle = setTimeout(expire, expiry - interval / 2);
          this.events.due();
        }),
      interval / 2,
    );
  }
}
