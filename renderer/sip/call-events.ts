/**
 * Follows one JsSIP session and reports its life to the store: ringback, connected, held,
 * muted, received DTMF, and the end with its reason. Also installs the ICE-gathering guard.
 */
import { CALLER_ID_HEADER, shownCallerId } from './caller-id-header';
import { mapCallEnd, type CallEndFacts } from './end-reason';
import { guardIceGathering, type IceCandidateEvent } from './ice-guard';
import type { EndEvent, SessionLike, SipMessageLike } from './jssip-types';
import type { SipLogger } from './logger';
import { PBX_REASON_HEADER } from './pbx-reason';
import type { CallEntry } from './session-registry';
import type { Timers } from './timers';
import type { CallInfo } from './types';

export interface CallEventContext {
  patch(id: string, patch: Partial<CallInfo>): void;
  dtmfReceived(id: string, digit: string): void;
  /** The call ended: forget it (frees its line). */
  finished(id: string): void;
  now(): number;
  timers: Timers;
  iceGatheringTimeoutMs: number;
  logger: SipLogger;
}

/** JsSIP's 'progress' and 'accepted': the response, for an outgoing call. */
interface ResponseEvent {
  originator: string;
  response?: SipMessageLike | null;
}

/** The facts of a JsSIP 'failed'/'ended' event, for mapCallEnd. */
export function endFacts(event: EndEvent): CallEndFacts {
  const message = event.message ?? undefined;
  const facts: CallEndFacts = { originator: event.originator, cause: event.cause };
  if (message?.status_code !== undefined) {
    facts.status = message.status_code;
    const pbxReason = message.getHeader(PBX_REASON_HEADER);
    if (pbxReason) facts.pbxReason = pbxReason;
  } else if (message?.method) {
    const reason = message.getHeader('Reason');
    if (reason) facts.reasonHeader = reason;
  }
  return facts;
}

export function attachSession(entry: CallEntry, session: SessionLike, ctx: CallEventContext) {
  const id = entry.info.id;
  entry.session = session;
  const connected = () => {
    if (entry.info.state === 'connected' || entry.info.state === 'ended') return;
    ctx.patch(id, { state: 'connected', connectedAt: ctx.now(), waiting: false });
  };
  /** The PBX says on provisional and final responses which number the client sees. */
  const shown = (event: ResponseEvent) => {
    if (entry.info.direction !== 'outgoing' || event.originator !== 'remote') return;
    const number = shownCallerId(event.response?.getHeader(CALLER_ID_HEADER));
    if (number) ctx.patch(id, { callerIdShown: number });
  };
  const ended = (event: EndEvent) => {
    if (entry.info.state === 'ended') return;
    const facts = endFacts(event);
    ctx.logger.log('info', 'call ended', { id, ...facts });
    const handOver = entry.handOver;
    if (handOver) {
      entry.handOver = undefined;
      return handOver();
    }
    const end = entry.transferred ? { endReason: 'transferred' as const } : mapCallEnd(facts);
    ctx.patch(id, { state: 'ended', endedAt: ctx.now(), ...end });
    ctx.finished(id);
  };
  const handlers: Record<string, (event: never) => void> = {
    progress: (event: ResponseEvent) => {
      shown(event);
      if (entry.info.direction === 'outgoing' && event.originator === 'remote') {
        if (entry.info.state === 'dialing') ctx.patch(id, { state: 'ringback' });
      }
    },
    accepted: (event: ResponseEvent) => {
      shown(event);
      connected();
    },
    confirmed: connected,
    failed: ended,
    ended,
    // JsSIP says `remote` when the other side holds us (its re-INVITE with sendonly/inactive).
    hold: (event: { originator: string }) =>
      ctx.patch(id, event.originator === 'local' ? { held: true } : { heldByRemote: true }),
    unhold: (event: { originator: string }) =>
      ctx.patch(id, event.originator === 'local' ? { held: false } : { heldByRemote: false }),
    muted: () => ctx.patch(id, { muted: true }),
    unmuted: () => ctx.patch(id, { muted: false }),
    newDTMF: (event: { originator: string; dtmf?: { tone?: string } }) => {
      const tone = event.dtmf?.tone;
      if (event.originator === 'remote' && tone) ctx.dtmfReceived(id, String(tone));
    },
  };
  for (const [name, handler] of Object.entries(handlers)) session.on(name, handler);
  const unguard = guardSessionIce(session, ctx);
  entry.detach = () => {
    unguard();
    for (const [name, handler] of Object.entries(handlers)) session.off(name, handler);
  };
}

/** The ICE-gathering guard on a session's 'icecandidate' events; returns its remover. */
export function guardSessionIce(
  session: SessionLike,
  ctx: Pick<CallEventContext, 'timers' | 'iceGatheringTimeoutMs'>,
): () => void {
  return guardIceGathering(
    {
      on: (_event, listener: (event: IceCandidateEvent) => void) =>
        session.on('icecandidate', listener),
      off: (_event, listener: (event: IceCandidateEvent) => void) =>
        session.off('icecandidate', listener),
    },
    ctx.iceGatheringTimeoutMs,
    ctx.timers,
  );
}
