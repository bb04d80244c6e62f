/**
 * The transferor's side of a transfer as a pure state machine over what JsSIP reports: the
 * REFER's own answer and the NOTIFYs whose `message/sipfrag` body says how the transferee's
 * call to the target goes (RFC 3515). Done only on a final 2xx sipfrag, never on the 202.
 *
 *   consulting ─(REFER sent)─┐
 *   (blind) ──(REFER sent)───┴─▶ referring ─(202 | 100)─▶ trying ─(18x)─▶ ringing
 *   referring | trying | ringing ─(2xx sipfrag)─▶ done
 *   any but done ─(sipfrag ≥ 300 | REFER refused | timeout | consultation ended)─▶ failed
 */
import { mapCallEnd } from './end-reason';
import { ALL_REFUSALS, refusalToken, type PbxReasonToken } from './pbx-reason';
import type { TransferProblem, TransferState } from './types';

export type TransferEvent =
  | { type: 'refer-sent' }
  /** The REFER's 202: the transferee will try; nothing is done yet. */
  | { type: 'refer-accepted' }
  | { type: 'refer-rejected'; status?: number }
  /** A NOTIFY: the sipfrag's status line, and an `X-Pbx-Reason` line when it has one. */
  | { type: 'notify'; status: number; reason?: string; pbxReason?: string }
  /** No final NOTIFY in time (see TRANSFER_TIMEOUT_MS). */
  | { type: 'timeout' }
  /** Attended: the consultation call ended before the transfer was completed. */
  | { type: 'consultation-ended'; problem: TransferProblem };

export interface TransferStep {
  state: TransferState;
  problem?: TransferProblem;
}

/**
 * How long a transfer may go without its final NOTIFY: 32 s (SIP's transaction timeout) while
 * the target is being reached, longer once it rings (the PBX rings for up to 60 s).
 */
export const TRANSFER_TIMEOUT_MS = { waiting: 32_000, ringing: 65_000 } as const;

export const isTransferFinal = (state: TransferState | undefined): boolean =>
  state === 'done' || state === 'failed';

/** A REFER is out and its outcome not known yet. */
export const isReferRunning = (state: TransferState | undefined): boolean =>
  state === 'referring' || state === 'trying' || state === 'ringing';

export function nextTransferState(current: TransferState, event: TransferEvent): TransferStep {
  if (isTransferFinal(current)) return { state: current };
  switch (event.type) {
    case 'refer-sent':
      return { state: 'referring' };
    case 'refer-accepted':
      return { state: current === 'referring' ? 'trying' : current };
    case 'refer-rejected':
      return { state: 'failed', problem: withStatus({ reason: 'not-accepted' }, event.status) };
    case 'notify':
      if (event.status < 200) {
        if (event.status === 100) return { state: current === 'ringing' ? 'ringing' : 'trying' };
        return { state: 'ringing' };
      }
      if (event.status < 300) return { state: 'done' };
      return { state: 'failed', problem: sipfragProblem(event) };
    case 'timeout':
      return { state: 'failed', problem: { reason: 'timeout' } };
    case 'consultation-ended':
      return current === 'consulting'
        ? { state: 'failed', problem: event.problem }
        : { state: current };
  }
}

/** How long the transfer may stay in `state` before it counts as failed. */
export function transferTimeoutMs(state: TransferState): number | undefined {
  if (state === 'ringing') return TRANSFER_TIMEOUT_MS.ringing;
  return isReferRunning(state) ? TRANSFER_TIMEOUT_MS.waiting : undefined;
}

/**
 * Why the target's end refused, from a failing sipfrag: its `X-Pbx-Reason` when the sipfrag
 * carries one, else the PBX's refusal its status line and phrase name (JsSIP's notifier copies
 * the response's reason phrase), else the status class (busy, declined, no answer).
 */
export function sipfragProblem(frag: {
  status: number;
  reason?: string;
  pbxReason?: string;
}): TransferProblem {
  const token = refusalToken(frag.pbxReason) ?? refusalOfStatusLine(frag.status, frag.reason);
  const end = mapCallEnd({
    originator: 'remote',
    cause: '',
    status: frag.status,
    ...(token ? { pbxReason: token } : {}),
  });
  return {
    reason: end.endReason,
    ...(end.refusal ? { refusal: end.refusal } : {}),
    status: frag.status,
  };
}

/**
 * RFC 3261's own phrases, too common to name a PBX refusal: a phone answering 486 itself means
 * busy too, and any element's 408 or 487 is a timeout or a cancel whoever sent it.
 */
const GENERIC_PHRASES = new Set(['busy here', 'request timeout', 'request terminated']);

function refusalOfStatusLine(
  status: number,
  phrase: string | undefined,
): PbxReasonToken | undefined {
  const wanted = phrase?.trim().toLowerCase();
  if (!wanted || GENERIC_PHRASES.has(wanted)) return undefined;
  const match = ALL_REFUSALS.find((r) => r.status === status && r.reason.toLowerCase() === wanted);
  return match?.token;
}

/** The `X-Pbx-Reason` line of a sipfrag body (after its status line), if any. */
export function sipfragPbxReason(body: string | null | undefined): string | undefined {
  return /^x-pbx-reason[ \t]*:[ \t]*(\S+)/im.exec(body ?? '')?.[1];
}

function withStatus(problem: TransferProblem, status: number | undefined): TransferProblem {
  return status === undefined ? problem : { ...problem, status };
}
