/**
 * JsSIP sends the offer/answer only when ICE gathering completes, and has no timeout: an
 * unreachable STUN/TURN server stalls a call for ~40 s. This guard calls the event's
 * `ready()` as soon as a host candidate is there, or at most `timeoutMs` after the first
 * candidate of a gathering round.
 */
import type { Timers } from './timers';

export const DEFAULT_ICE_GATHERING_TIMEOUT_MS = 500;

/** What JsSIP's session 'icecandidate' event carries. */
export interface IceCandidateEvent {
  candidate: { type?: string | null; candidate?: string } | null;
  ready: () => void;
}

/** The part of an RTCSession the guard needs. */
export interface IceCandidateSource {
  on(event: 'icecandidate', listener: (event: IceCandidateEvent) => void): unknown;
  off(event: 'icecandidate', listener: (event: IceCandidateEvent) => void): unknown;
}

export function isHostCandidate(candidate: IceCandidateEvent['candidate']): boolean {
  if (!candidate) return false;
  if (candidate.type) return candidate.type === 'host';
  return / typ host(?:\s|$)/.test(candidate.candidate ?? '');
}

/** Installs the guard on a session; returns a function that removes it and its timer. */
export function guardIceGathering(
  session: IceCandidateSource,
  timeoutMs: number = DEFAULT_ICE_GATHERING_TIMEOUT_MS,
  timers: Timers,
): () => void {
  // Each offer/answer is a new gathering round with its own ready() function.
  let round: (() => void) | undefined;
  let timer: unknown;
  const stopTimer = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };

  const listener = (event: IceCandidateEvent) => {
    if (event.ready !== round) {
      stopTimer();
      round = event.ready;
      const ready = event.ready;
      timer = timers.setTimeout(() => {
        timer = undefined;
        ready();
      }, timeoutMs);
    }
    if (isHostCandidate(event.candidate)) {
      stopTimer();
      event.ready();
    }
  };
  session.on('icecandidate', listener);
  return () => {
    stopTimer();
    session.off('icecandidate', listener);
  };
}
