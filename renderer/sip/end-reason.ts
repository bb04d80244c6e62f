/**
 * Why a call ended, from what JsSIP reports in its 'failed' and 'ended' events: one pure
 * function so the history and the UI sentence follow one rule (SPEC §3 refusal table).
 */
import { refusalToken, type PbxReasonToken } from './pbx-reason';
import type { CallEndReason, CallFailure } from './types';

/** What a JsSIP end event says, reduced to plain data. */
export interface CallEndFacts {
  originator: 'local' | 'remote' | 'system';
  /** JsSIP cause (`JsSIP.C.causes`), e.g. 'Canceled', 'Terminated', 'Busy'. */
  cause: string;
  /** Status of the final response that ended the call, when one did. */
  status?: number;
  /** `X-Pbx-Reason` of that response. */
  pbxReason?: string;
  /** `Reason` header of the CANCEL or BYE that ended it. */
  reasonHeader?: string;
}

export interface CallEnd {
  endReason: CallEndReason;
  refusal?: PbxReasonToken;
  /** A failure status (≥ 300); a 2xx that ended a call (bad SDP in a 200) is not one. */
  status?: number;
  failure?: CallFailure;
}

/** JsSIP's cause strings (`JsSIP.C.causes`) this mapping reads. */
export const JSSIP_CAUSES = {
  canceled: 'Canceled',
  bye: 'Terminated',
  busy: 'Busy',
  rejected: 'Rejected',
  noAnswer: 'No Answer',
  authentication: 'Authentication Error',
  connection: 'Connection Error',
  requestTimeout: 'Request Timeout',
} as const;

/** What failed, for JsSIP's causes that a status does not explain (`JsSIP.C.causes`). */
const FAILURES: Readonly<Record<string, CallFailure>> = {
  'Incompatible SDP': 'media',
  'Missing SDP': 'media',
  'Bad Media Description': 'media',
  'WebRTC Error': 'media',
  'User Denied Media Access': 'microphone',
  'Connection Error': 'connection',
  'Request Timeout': 'connection',
  'No ACK': 'lost',
  'Dialog Error': 'lost',
  'RTP Timeout': 'lost',
  Expires: 'lost',
  'Internal Error': 'lost',
  Redirected: 'redirected',
};

/** `Reason: SIP;cause=200` on a CANCEL: another device of the number answered (RFC 3326). */
export function isCompletedElsewhere(reasonHeader: string | undefined): boolean {
  return reasonHeader !== undefined && /\bSIP\s*;\s*cause\s*=\s*200\b/i.test(reasonHeader);
}

export function mapCallEnd(facts: CallEndFacts): CallEnd {
  const { originator, cause } = facts;
  const status = facts.status !== undefined && facts.status >= 300 ? facts.status : undefined;
  const withStatus = (endReason: CallEndReason): CallEnd =>
    status === undefined ? { endReason } : { endReason, status };

  const refusal = refusalToken(facts.pbxReason);
  if (refusal === 'no-answer') return { endReason: 'no-answer', refusal, ...statusOf(status) };
  if (refusal) return { endReason: 'refused', refusal, ...statusOf(status) };

  if (cause === JSSIP_CAUSES.canceled) {
    if (originator === 'remote' && isCompletedElsewhere(facts.reasonHeader)) {
      return { endReason: 'answered-elsewhere' };
    }
    return { endReason: 'cancelled' };
  }
  if (cause === JSSIP_CAUSES.bye) {
    return { endReason: originator === 'remote' ? 'hangup-remote' : 'hangup-local' };
  }
  if (status === 486 || status === 600 || cause === JSSIP_CAUSES.busy) return withStatus('busy');
  if (status === 603) return withStatus('declined');
  // We declined an incoming call (terminate with a final response): JsSIP says 'Rejected'.
  if (originator === 'local' && cause === JSSIP_CAUSES.rejected) return { endReason: 'declined' };
  if (status === 480 || status === 408 || cause === JSSIP_CAUSES.noAnswer) {
    return withStatus('no-answer');
  }
  const failure = status === undefined ? FAILURES[cause] : undefined;
  return failure ? { endReason: 'failed', failure } : withStatus('failed');
}

function statusOf(status: number | undefined): { status?: number } {
  return status === undefined ? {} : { status };
}
