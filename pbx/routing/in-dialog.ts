/**
 * Requests inside a dialog the PBX recorded (RFC 3261 §16.12 loose routing): they follow the
 * route set, the PBX's own Route entries telling the flow they leave on. An in-dialog request is
 * a proxied request with one target; the ACK of a 2xx goes on statelessly.
 */
import type { SipRequest } from '../sip/message';
import { refusal } from '../sip/sip-error';
import type { ServerTransaction } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import { sessionSeconds } from './call-lines';
import type { CallProbe } from './call-probe';
import type { DialogTracker } from './dialogs';
import { copyRequest } from './message-copy';
import { ProxyCall, type ProxyCallHooks } from './proxy-call';
import { ownString } from '../sip/own-string';
import { hasSdp, sdpOf } from '../media/sdp-body';
import { proxyOptions, type ProxyDeps } from './proxy-options';
import { decrementMaxForwards, popOwnRoutes } from './routes';

export interface InDialogDeps extends ProxyDeps {
  dialogs: DialogTracker;
  /** Hears of every request of a call, which shows the call alive. */
  callProbe?: CallProbe;
}

export class InDialogRouter {
  constructor(private readonly deps: InDialogDeps) {}

  /** Passes a request on within its dialog; `ownRoute` is the PBX's last Route entry removed. */
  route(request: SipRequest, tx: ServerTransaction, ownRoute: { user?: string }): void {
    const { dialogs } = this.deps;
    const callId = request.callId;
    if (!dialogs.knows(callId)) throw refusal('noDialog');
    this.deps.callProbe?.sawRequest(request);
    // A PRACK for an 18x the PBX made reliable toward this caller ends here (RFC 3262).
    if (request.method === 'PRACK' && dialogs.reliable.prack(request, (r) => tx.respond(r))) return;
    // Whoever sends BYE has ended the dialog, whether or not it can be passed on (RFC 3261 §15.1.1).
    if (request.method === 'BYE') dialogs.callEnded(callId);
    const flow = this.nextHop(request, ownRoute.user);
    if (!flow) throw refusal('noRoute');
    const forwarded = copyRequest(request);
    decrementMaxForwards(forwarded);
    const options = proxyOptions(this.deps, tx.flow, false);
    if (request.method === 'REFER') this.rememberReferral(request, flow, options.hooks);
    options.media = dialogs.get(callId)?.media?.inDialog?.(request);
    if (request.method === 'INVITE' || request.method === 'UPDATE') {
      const offer = sdpOf(request);
      const sender = request.from?.uri.user;
      // A refresh (RFC 4028): its 2xx moves the session's expiry. An offer holds or resumes.
      options.hooks.onFinal = (response) => {
        if (response.status >= 300) return;
        dialogs.refreshSession(callId, sessionSeconds(response));
        dialogs.offerAccepted(callId, sender, offer);
      };
    }
    new ProxyCall(tx, forwarded, options).start([
      { uri: request.uri, flow, token: this.deps.transport.tokenOf(flow) },
    ]);
  }

  /**
   * Once the transferee accepts the REFER (its `2xx` passes back), the INVITE it sends from that
   * device to the Refer-To target within 32 s takes over its line of this call (call-lines.ts).
   */
  private rememberReferral(request: SipRequest, flow: Flow, hooks: ProxyCallHooks): void {
    const transferee = this.recipientOf(request);
    const target = request.referTo?.uri.user;
    if (!transferee || !target) return;
    const callId = ownString(request.callId);
    const flowId = flow.id;
    hooks.onFinal = (response) => {
      if (response.status >= 300 || !this.deps.dialogs.get(callId)) return;
      this.deps.dialogs.referrals.remember({ transferee, flowId, target, callId });
    };
  }

  /** The ACK of a 2xx has no transaction: it follows the route set statelessly. */
  ack(request: SipRequest): void {
    const ownRoute = popOwnRoutes(request, this.deps.identity);
    if (!ownRoute || !this.deps.dialogs.knows(request.callId)) return;
    this.deps.callProbe?.sawRequest(request);
    const flow = this.nextHop(request, ownRoute.user);
    if (!flow) return;
    decrementMaxForwards(request);
    const media = this.deps.dialogs.get(request.callId)?.media;
    if (!media?.ackAnswer || !hasSdp(request)) {
      this.deps.forwarder.forwardRequest(request, flow);
      return;
    }
    // Late offer: the answer goes through the bridge first; one it cannot take goes on as it came.
    void media
      .ackAnswer(request)
      .catch(() => undefined) // the bridge logged why (`bridge.error`)
      .then(() => this.deps.forwarder.forwardRequest(request, flow))
      .catch((error) =>
        this.deps.barrier?.caught(error, { callId: request.callId, in: 'late-offer ACK' }),
      );
  }

  /** The SIP number an in-dialog request goes to: the side of the call that did not send it. */
  private recipientOf(request: SipRequest): string {
    const call = this.deps.dialogs.get(request.callId);
    const sender = request.from?.uri.user;
    if (!call) return '';
    return sender === call.callerNumber ? call.calleeNumber : call.callerNumber;
  }

  /** The connection a flow token names, else the next Route, else the Request-URI. */
  private nextHop(request: SipRequest, token: string | undefined): Flow | undefined {
    const byToken = this.deps.transport.flowByToken(token);
    if (byToken) return byToken;
    const route = request.routeSet?.[0];
    return this.deps.transport.flowToUri(route ? route.uri : request.uri);
  }
}
