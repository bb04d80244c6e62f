import type { CallEvent } from '../../../shared/desktop/call-notifications';
import type { CallInfo } from '../../sip/types';

/** The notification titles, in the UI language. */
export interface NoticeWords {
  incoming: string;
  missed: string;
}

/** Endings of a call that rang here and nobody took: the caller gave up, or nobody answered. */
const MISSED = new Set<CallInfo['endReason']>(['cancelled', 'no-answer']);

/** Ringing here, not yet answered or declined. */
export const ringsHere = (call: CallInfo | undefined): boolean =>
  call?.direction === 'incoming' && call.state === 'ringing';

/** Who is calling, as the notification says it: name and number. */
export const callerOf = (call: CallInfo) =>
  [call.remoteName, call.remoteNumber].filter(Boolean).join(' ');

/**
 * What main is told about calls ringing here, from the ringing calls told before and the calls
 * now: a new one rings (`incoming`); one that rang is answered, declined, taken elsewhere or gone
 * (`stopped`), or the caller gave up (`missed`, which also closes its ringing notification).
 */
export function callNotices(
  ringing: ReadonlyMap<string, CallInfo>,
  calls: Readonly<Record<string, CallInfo>>,
  words: NoticeWords,
): CallEvent[] {
  const events: CallEvent[] = [];
  for (const [callId, before] of ringing) {
    const now = calls[callId];
    if (ringsHere(now)) continue;
    if (now?.state === 'ended' && MISSED.has(now.endReason)) {
      events.push({ type: 'missed', callId, title: words.missed, body: callerOf(before) });
    } else events.push({ type: 'stopped', callId });
  }
  for (const call of Object.values(calls)) {
    if (ringsHere(call) && !ringing.has(call.id)) {
      events.push({
        type: 'incoming',
        callId: call.id,
        title: words.incoming,
        body: callerOf(call),
      });
    }
  }
  return events;
}
