/**
 * Transfer of a carrier call to another employee (SPEC §3: transfer by SIP number). The PBX does
 * it itself on the employee's side: the carrier never sees a REFER. The target gets an INVITE of
 * the PBX's own, routed like any call to a SIP number (a routed UAC), offered the carrier's media
 * from the carrier's side of the bridge, so the carrier is never asked to re-negotiate.
 */
import type { MediaSide } from '../media/call-media';
import type { CallerSide } from '../routing/call-lines';
import type { LocalIdentity } from '../routing/local-identity';
import type { Dialog, DialogLayer, Guard, Uac } from '../sip/dialog';
import type { SipRequest } from '../sip/message';
import { plainToken } from '../sip/random-token';
import type { Flow } from '../sip/transport/flow';
import { sdpBody, type MediaAnchor } from './media-anchor';
import { callFromClient, RoutedInvite } from './routed-invite';
import type { RingNumber } from './back-to-back-call';

/** What a transfer of a carrier call to another employee needs to know. */
export interface TransferPlan {
  /** The client's number: the caller the new employee sees. */
  clientNumber: string;
  targetNumber: string;
  /** `Referred-By` for the target: the employee who transfers. */
  referredBy: string;
  /** An attended transfer's `Replaces` (the consultation call the target ends). */
  replaces?: string;
  /** The carrier's SDP, offered again to the target through the bridge. */
  carrierSdp: string;
  anchor: MediaAnchor;
  /** The carrier's side in the bridge: the target is offered its media. */
  carrier: MediaSide;
  /** The carrier's flow: the call's upstream, as far as routing asks. */
  carrierFlow: Flow;
  /** Who the call is between, for the target's call record. */
  parties: CallerSide;
}

export interface TransferContext {
  layer: DialogLayer;
  identity: LocalIdentity;
  ringNumber: RingNumber;
  contactFor(flow: Flow): string;
  guard: Guard;
}

/** The target's side of a transfer: a UAC the owner listens to, then starts. */
export function transferUac(context: TransferContext, plan: TransferPlan): Uac {
  const { domain, host } = context.identity;
  const { clientNumber, targetNumber, referredBy, replaces, carrierSdp } = plan;
  const route = new RoutedInvite(
    plan.carrierFlow,
    context.contactFor,
    plan.anchor.branches(plan.carrier, false),
    (invite, upstream) => context.ringNumber(invite, upstream, plan.parties, targetNumber),
  );
  return callFromClient(context.layer, domain, {
    clientNumber,
    sipNumber: targetNumber,
    callId: `${plainToken(12)}@${host}`,
    route,
    contact: context.contactFor,
    headers: { 'referred-by': referredBy, ...(replaces ? { replaces } : {}) },
    body: sdpBody(carrierSdp),
    guard: context.guard,
  });
}

/** NOTIFY of a REFER's progress (RFC 3515): the target's status line as a sipfrag. */
export function notifyReferProgress(
  referrer: Dialog,
  status: number,
  reason: string,
  final: boolean,
): void {
  void referrer.request('NOTIFY', {
    body: {
      type: 'message/sipfrag;version=2.0',
      data: Buffer.from(`SIP/2.0 ${status} ${reason}\r\n`),
    },
    headers: {
      event: 'refer',
      'subscription-state': final ? 'terminated;reason=noresource' : 'active;expires=60',
    },
  });
}

/** The SIP number a REFER's Refer-To names, and the `Replaces` of an attended transfer. */
export function readReferTo(
  request: SipRequest,
): { number: string; replaces?: string } | undefined {
  const uri = request.referTo?.uri;
  if (!uri) return undefined;
  const replaces = uri.headers.replaces ?? uri.headers.Replaces;
  if (replaces === undefined) return { number: uri.user ?? '' };
  try {
    return { number: uri.user ?? '', replaces: decodeURIComponent(replaces) };
  } catch {
    return undefined; // a Replaces that does not decode: a bad Refer-To
  }
}
