/**
 * A tracked call as the `dialog` package shows it from one SIP number's side (RFC 4235): the
 * DialogTracker is the one source of truth for who is in which call, in which state.
 */
import type { TrackedCall } from '../routing/dialogs';
import type { DialogView } from './dialog-info';

export interface ViewContext {
  /** The PBX's SIP domain, for the parties' URIs. */
  domain: string;
  now: number;
  /** An employee's name for a SIP number of the company, when it is one. */
  nameOf(sipNumber: string): string | undefined;
}

/**
 * The call from `sipNumber`'s side. To its callee a call is `early` from the moment the PBX
 * forks it (the devices are ringing); to its caller `trying` until a provisional response,
 * `proceeding` after one without a To tag, `early` after one with a tag. Then `confirmed` once
 * answered; `ended` makes it `terminated`.
 */
export function callView(
  call: TrackedCall,
  sipNumber: string,
  context: ViewContext,
  ended = false,
): DialogView {
  const initiator = call.callerNumber === sipNumber;
  const other = initiator ? call.calleeNumber : call.callerNumber;
  const uri = (user: string) => `sip:${user}@${context.domain}`;
  const name = context.nameOf(other);
  const held = call.heldBy ?? [];
  return {
    id: call.callId,
    callId: call.callId,
    direction: initiator ? 'initiator' : 'recipient',
    // The caller's side goes trying → proceeding → early; the callee's rings (early) at once.
    state: ended ? 'terminated' : initiator ? (call.progress ?? call.state) : call.state,
    duration: Math.max(0, Math.floor((context.now - call.startedAt) / 1000)),
    local: { uri: uri(sipNumber) },
    remote: name === undefined ? { uri: uri(other) } : { uri: uri(other), name },
    localHeld: held.includes(sipNumber),
    remoteHeld: held.includes(other),
  };
}

/**
 * A number on do-not-disturb with no call: one `confirmed` dialog without a Call-ID or
 * direction (both optional, RFC 4235 §4.1), so a busy-lamp key lights busy and offers no pickup.
 */
export function doNotDisturbView(sipNumber: string, domain: string): DialogView {
  return {
    id: `dnd-${sipNumber}`,
    state: 'confirmed',
    local: { uri: `sip:${sipNumber}@${domain}` },
  };
}
