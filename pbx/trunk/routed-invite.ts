import type { CallMedia } from '../routing/dialogs';
import type { BranchMedia, ForkTarget, Upstream } from '../routing/proxy-call';
import type { Body, DialogLayer, Guard, InviteRoute, Uac } from '../sip/dialog';
import { dictionary } from '../sip/dictionary';
import type { SipRequest, SipResponse } from '../sip/message';
import type { Flow } from '../sip/transport/flow';

/** Rings a SIP number with an INVITE of the PBX's own, `upstream` getting its responses. */
export type RingInvite = (invite: SipRequest, upstream: Upstream) => void;

/**
 * An INVITE of the PBX's own that the routing forks to the devices of a SIP number (a carrier
 * call's employee side, a transfer's target): the UAC's route, and to the routing the call's
 * upstream (`Upstream` in proxy-call.ts). So absence, channels, call waiting and multi-terminal
 * forking apply as to any call, each branch gets the PBX's Contact, and every response comes
 * back to the UAC with the flow of the device that sent it.
 */
export class RoutedInvite implements Upstream, InviteRoute {
  request!: SipRequest;
  cancelled = false;
  onCancel?: () => void;
  private uac?: Uac;

  constructor(
    /** Where the call comes from, as far as the routing asks: the carrier's flow. */
    readonly flow: Flow,
    readonly contactFor: (flow: Flow) => string,
    /** With a bridge: each branch offered the carrier's media for its device. */
    readonly media: (BranchMedia & CallMedia) | undefined,
    /** Rings the number; without it, whoever holds this upstream routes `request` itself. */
    private readonly ring?: RingInvite,
  ) {}

  send(invite: SipRequest, uac: Uac): void {
    this.request = invite;
    this.uac = uac;
    this.ring?.(invite, this);
  }

  /** The routing cancels every branch still ringing; its 487 comes back as the final response. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.onCancel?.();
  }

  respond(response: SipResponse, from?: ForkTarget): boolean {
    this.uac?.receive(response, from?.flow ?? this.flow);
    return true;
  }
}

export interface ClientCall {
  /** The client's number: the caller the employee sees. */
  clientNumber: string;
  sipNumber: string;
  callId: string;
  route: RoutedInvite;
  contact(flow: Flow): string;
  headers: Readonly<Record<string, string>>;
  body?: Body;
  guard: Guard;
}

/**
 * The UAC of an INVITE from the client to a SIP number, forked by the routing (`route`): a
 * carrier call's employee side, a transfer's target.
 */
export function callFromClient(layer: DialogLayer, domain: string, call: ClientCall): Uac {
  const { clientNumber, sipNumber } = call;
  return layer.createUac({
    uri: {
      scheme: 'sip',
      user: sipNumber,
      host: domain,
      params: dictionary(),
      headers: dictionary(),
    },
    from: `"${clientNumber}" <sip:${clientNumber}@${domain}>`,
    to: `<sip:${sipNumber}@${domain}>`,
    callId: call.callId,
    contact: call.contact,
    route: call.route,
    headers: call.headers,
    body: call.body,
    guard: call.guard,
  });
}
