import type { Logger } from 'pino';
import { isSipNumber } from '../../shared/refusals';
import { inboundDecision } from '../../shared/sip-number-rules';
import { parseDialled } from '../../shared/phone-numbers';
import type { Trunk } from '../trunk/trunk';
import type { MediaBridge } from '../media/media-bridge';
import { deviceTarget, proxiedMedia } from './device-targets';
import type { Authenticator } from '../auth/authenticator';
import type { BindingTable } from '../registrar/bindings';
import { registerTarget, type Registrar } from '../registrar/registrar';
import { formatNameAddr, parseNameAddr } from '../sip/headers';
import type { SipRequest, SipResponse } from '../sip/message';
import { ownString } from '../sip/own-string';
import { refusal, SipError } from '../sip/sip-error';
import { createResponse, type ServerTransaction, type TransactionLayer } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import type { TransportLayer } from '../sip/transport/transport-layer';
import type { Directory, Tenancy } from '../directory';
import type { SipNumberWithOwner } from '../store/store';
import type { DialogTracker } from './dialogs';
import { employeeSide, planLines, sessionSeconds, type CallerSide } from './call-lines';
import type { LocalIdentity } from './local-identity';
import { copyRequest } from './message-copy';
import { ProxyCall, type ProxyCallOptions, type Upstream } from './proxy-call';
import type { StatelessRelay } from './relay';
import { decrementMaxForwards, hasToTag, popOwnRoutes } from './routes';

export interface PipelineDeps {
  /** What the SIP path reads: in memory, never awaiting the database. */
  directory: Directory;
  /** The operator's rules per company: suspension, device and call quotas. */
  tenancy: Tenancy;
  identity: LocalIdentity;
  transport: TransportLayer;
  transactions: TransactionLayer;
  authenticator: Authenticator;
  registrar: Registrar;
  bindings: BindingTable;
  dialogs: DialogTracker;
  relay: StatelessRelay;
  ringTimeoutMs: number;
  /** The carrier trunk, when one is configured. */
  trunk?: Trunk;
  /** The media bridge (rtpengine), when one is configured. */
  media?: MediaBridge;
  /** RFC 4028 interval asked for on INVITEs that carry no `Session-Expires`. */
  sessionExpiresSeconds: number;
  log: Logger;
}

/** RFC 7462: marks a call that arrives while another of the number is in progress. */
const CALL_WAITING_ALERT = '<urn:alert:service:call-waiting>';

const ALLOW =
  'INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY, SUBSCRIBE, INFO, MESSAGE, UPDATE, PRACK';
/** Methods that create a dialog, so the PBX stays on its path (Record-Route). */
const DIALOG_CREATING = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

/**
 * The request route, read top to bottom like Kamailio's: sanity, in-dialog routing,
 * authentication, registrar, routing to a SIP number. A step answers by throwing a SipError
 * or by handing the request to a ProxyCall.
 */
export class RequestPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  handle(request: SipRequest, tx: ServerTransaction | null, flow: Flow): void {
    try {
      if (request.method === 'ACK') {
        if (this.deps.trunk?.handleInDialog(request, null)) return;
        return this.routeAck(request);
      }
      if (!tx) return;
      if (request.method === 'CANCEL') {
        // The transaction layer has matched it to its INVITE, whose ProxyCall cancels the branches.
        tx.respond(createResponse(request, 200, 'OK'));
        return;
      }
      this.sanity(request);
      if (hasToTag(request) && this.deps.trunk?.handleInDialog(request, tx)) return;
      if (hasToTag(request)) return this.routeInDialog(request, tx);
      popOwnRoutes(request, this.deps.identity);
      if (request.method === 'REGISTER') return this.register(request, tx, flow);
      if (this.deps.identity.isSelf(request.uri)) return this.answerSelf(request, tx);
      if (this.deps.trunk?.isCarrier(flow)) return this.routeFromCarrier(request, tx, flow);
      const caller = this.authenticateCaller(request, flow);
      this.routeFromEmployee(request, tx, flow, caller);
    } catch (error) {
      if (tx) tx.respond(this.errorResponse(request, error));
    }
  }

  private sanity(request: SipRequest): void {
    if (request.headers.get('max-forwards') === '0') throw new SipError(483, 'Too Many Hops');
    const required = request.headers.getAll('proxy-require');
    if (required.length > 0) {
      throw new SipError(420, 'Bad Extension', undefined, { Unsupported: required.join(', ') });
    }
  }

  private register(request: SipRequest, tx: ServerTransaction, flow: Flow): void {
    const { identity, authenticator, directory, registrar, tenancy } = this.deps;
    if (!identity.isLocal(request.uri)) throw new SipError(403, 'Not Our Domain');
    const username = authenticator.authenticate(request, flow.remoteAddress);
    const target = registerTarget(request);
    if (target !== username) throw new SipError(403, 'Credentials Do Not Match Number');
    const number = directory.sipNumbers.get(username);
    if (!number) throw refusal('unknownNumber');
    if (!number.enabled) throw refusal('numberDisabledFrom');
    tenancy.admit(number);
    tx.respond(registrar.register(request, number, flow, tenancy.deviceRoom(number.companyId)));
  }

  private answerSelf(request: SipRequest, tx: ServerTransaction): void {
    if (request.method !== 'OPTIONS') throw refusal('unknownNumber');
    const response = createResponse(request, 200, 'OK');
    response.headers.set('allow', ALLOW).set('accept', 'application/sdp');
    tx.respond(response);
  }

  /** Who is calling: the authenticated SIP number, which must also be the From user. */
  private authenticateCaller(request: SipRequest, flow: Flow): SipNumberWithOwner {
    const username = this.deps.authenticator.authenticate(request, flow.remoteAddress);
    const fromUser = parseNameAddr(request.headers.get('from') ?? '').uri.user;
    if (fromUser !== username) throw new SipError(403, 'From Does Not Match Credentials');
    const caller = this.deps.directory.sipNumbers.get(username);
    if (!caller) throw refusal('unknownNumber');
    if (!caller.enabled) throw refusal('numberDisabledFrom');
    this.deps.tenancy.admit(caller);
    return caller;
  }

  /** A call or request from an employee: to a SIP number, or out through the carrier trunk. */
  private routeFromEmployee(
    request: SipRequest,
    tx: ServerTransaction,
    flow: Flow,
    caller: SipNumberWithOwner,
  ): void {
    const target = parseDialled(request.uri.user ?? '');
    if (target.kind === 'sip') {
      return this.routeToNumber(request, tx, flow, employeeSide(caller), target.number);
    }
    if (target.kind === 'invalid') throw refusal('badNumber');
    const { trunk } = this.deps;
    if (!trunk) throw new SipError(503, 'No Carrier Trunk Configured');
    const destination =
      target.kind === 'emergency'
        ? { number: target.number, emergency: true }
        : { number: target.e164, emergency: false };
    trunk.dialOut(tx, flow, caller, destination, describeRequester(request, flow));
  }

  /**
   * A call from the carrier: to the company number dialled, which rings the employee it is
   * assigned to, with that employee's rules (SPEC §3). The PBX answers the carrier as a
   * back-to-back call and places the employee's side itself; the client's number is the caller.
   */
  private routeFromCarrier(request: SipRequest, tx: ServerTransaction, flow: Flow): void {
    const dialled = parseDialled(request.uri.user ?? '');
    const e164 = dialled.kind === 'phone' ? dialled.e164 : undefined;
    const companyNumber = e164 ? this.deps.directory.companyNumbers.getByNumber(e164) : undefined;
    if (!companyNumber?.enabled) throw refusal('unknownNumber');
    this.deps.tenancy.admit(companyNumber);
    const assigned = companyNumber.inboundEmployeeId;
    const callee =
      assigned === null ? undefined : this.deps.directory.sipNumbers.getByEmployee(assigned);
    if (!callee) throw new SipError(480, 'No Employee For This Number');
    const fromUser = parseNameAddr(request.headers.get('from') ?? '').uri.user ?? '';
    const client = parseDialled(fromUser);
    const clientNumber = client.kind === 'phone' ? client.e164 : fromUser;
    const call = this.deps.trunk!.receiveCall(tx, flow, {
      clientNumber,
      calleeNumber: callee.number,
      companyId: companyNumber.companyId,
      companyNumber: companyNumber.number,
    });
    const caller: CallerSide = {
      companyId: companyNumber.companyId,
      number: clientNumber,
      record: { direction: 'incoming', clientNumber, companyNumber: companyNumber.number },
    };
    this.ringNumber(call.request, call, caller, callee.number);
  }

  /**
   * Rings a SIP number for a call the PBX places itself (a carrier call's employee side, a
   * transfer's target): the same rules as any call; a refusal goes to `upstream`.
   */
  ringNumber(invite: SipRequest, upstream: Upstream, caller: CallerSide, sipNumber: string): void {
    try {
      this.routeToNumber(invite, upstream, upstream.flow, caller, sipNumber);
    } catch (error) {
      upstream.respond(this.errorResponse(invite, error));
    }
  }

  /** Rings the devices of a SIP number; `upstream` is the caller's transaction or the PBX. */
  private routeToNumber(
    request: SipRequest,
    tx: Upstream,
    flow: Flow,
    caller: CallerSide,
    targetNumber: string,
  ): void {
    const { bindings, identity } = this.deps;
    const callee = this.calleeOf(targetNumber, caller);
    const devices = bindings.list(callee.number);
    if (devices.length === 0) throw refusal('notRegistered');
    const lines =
      request.method === 'INVITE'
        ? planLines(this.deps.dialogs, request, caller, callee)
        : undefined;

    const forwarded = copyRequest(request);
    if (forwarded.uri.user !== callee.number)
      forwarded.uri = { ...forwarded.uri, user: callee.number };
    decrementMaxForwards(forwarded);
    forwarded.headers.delete('proxy-authorization');
    if (caller.employee) {
      const { employeeName, number } = caller.employee;
      const from = parseNameAddr(forwarded.headers.get('from') ?? '');
      from.displayName = employeeName;
      forwarded.headers.set('from', formatNameAddr(from));
      forwarded.headers.set(
        'p-asserted-identity',
        formatNameAddr({
          displayName: employeeName,
          uri: { scheme: 'sip', user: number, host: identity.domain, params: {}, headers: {} },
          params: {},
        }),
      );
    }

    const options = this.proxyOptions(flow, DIALOG_CREATING.has(request.method));
    let targets = devices.map((b) => deviceTarget(b, this.deps.transport));
    if (lines) {
      forwarded.headers.set('x-line', String(lines.calleeLine));
      // Only a device already in a call of the number hears the waiting call; idle ones ring.
      const busy = this.deps.dialogs.channels.busyDevices(callee.number);
      targets = targets.map((target) =>
        lines.waiting && busy.has(target.bindingKey ?? '')
          ? { ...target, headers: { 'alert-info': CALL_WAITING_ALERT } }
          : target,
      );
      if (!forwarded.headers.has('session-expires')) {
        forwarded.headers.set('session-expires', String(this.deps.sessionExpiresSeconds));
      }
      const call = this.deps.dialogs.callStarted({
        callId: request.headers.get('call-id') ?? '',
        companyId: caller.companyId,
        callerNumber: caller.number,
        callerName: caller.employee?.employeeName ?? null,
        calleeNumber: callee.number,
        calleeName: callee.employeeName,
        callerDevice: describeRequester(request, flow),
        ...caller.record,
        transferredBy: this.transferredBy(request, caller.companyId),
      });
      lines.commit();
      this.deps.dialogs.holdLines(call, lines.callerLine, lines.calleeLine);
      call.media = options.media = tx.media ?? proxiedMedia(this.deps.media, request);
      const callerDevice = bindings.list(caller.number).find((b) => b.flow.id === flow.id);
      this.deps.dialogs.channels.setDevice(caller.number, call.callId, callerDevice?.key);
      options.ringTimeoutMs = this.deps.ringTimeoutMs;
      options.timeoutResponse = (original) => this.refusalResponse(original, refusal('noAnswer'));
      options.hooks.onAnswered = (response, target) => {
        this.deps.dialogs.callAnswered(call, target.device ?? null, sessionSeconds(response));
        this.deps.dialogs.channels.setDevice(callee.number, call.callId, target.bindingKey);
      };
      options.hooks.onFinal = (response) => {
        if (response.status >= 300)
          this.deps.dialogs.callFailed(call, response.status, tx.cancelled);
      };
    } else if (DIALOG_CREATING.has(request.method)) {
      const seconds = Number(request.headers.get('expires') ?? 3600) + 60;
      // Not `request` itself: every hook of this call would keep the whole message.
      const callId = ownString(request.headers.get('call-id') ?? '');
      options.hooks.onFinal = (response) => {
        if (response.status < 300) this.deps.dialogs.allowDialog(callId, seconds);
      };
    }
    new ProxyCall(tx, forwarded, options).start(targets);
  }

  /**
   * The SIP number a call reaches (SPEC §3): refused when unknown to the caller's company or
   * disabled; during an absence period, the colleague the period names, or refused as absent.
   */
  private calleeOf(targetNumber: string, caller: CallerSide): SipNumberWithOwner {
    const { directory } = this.deps;
    if (!isSipNumber(targetNumber)) throw refusal('unknownNumber');
    const callee = directory.sipNumbers.get(targetNumber);
    if (!callee || callee.companyId !== caller.companyId) throw refusal('unknownNumber');
    const absence = directory.absences.current(callee.employeeId, Date.now());
    const decision = inboundDecision(callee.enabled, absence);
    if (decision.kind === 'refuse') throw refusal(decision.refusal);
    if (decision.kind === 'deliver') return callee;
    const colleague = directory.sipNumbers.getByEmployee(decision.toEmployeeId);
    // The colleague who covers the absence calling in gets no call from themself.
    if (!colleague?.enabled || colleague.number === caller.number) {
      throw refusal('employeeAbsent');
    }
    return colleague;
  }

  private routeInDialog(request: SipRequest, tx: ServerTransaction): void {
    const { identity, dialogs } = this.deps;
    const lastOwnRoute = popOwnRoutes(request, identity);
    if (!lastOwnRoute) {
      if (request.method === 'OPTIONS' && identity.isLocal(request.uri))
        return this.answerSelf(request, tx);
      throw new SipError(403, 'Not Relaying');
    }
    const callId = request.headers.get('call-id') ?? '';
    if (!dialogs.knows(callId)) throw new SipError(481, 'Call/Transaction Does Not Exist');
    // Whoever sends BYE has ended the dialog, whether or not it can be passed on (RFC 3261 §15.1.1).
    if (request.method === 'BYE') dialogs.callEnded(callId);
    const flow = this.nextHop(request, lastOwnRoute.user);
    if (!flow) throw new SipError(404, 'No Route To Destination');
    const forwarded = copyRequest(request);
    decrementMaxForwards(forwarded);
    if (request.method === 'REFER') dialogs.referralReceived(this.recipientOf(request), callId);
    const options = this.proxyOptions(tx.flow, false);
    options.media = dialogs.get(callId)?.media?.inDialog?.(request);
    if (request.method === 'INVITE' || request.method === 'UPDATE') {
      // A refresh (RFC 4028): its 2xx moves the session's expiry.
      options.hooks.onFinal = (response) => {
        if (response.status < 300) dialogs.refreshSession(callId, sessionSeconds(response));
      };
    }
    new ProxyCall(tx, forwarded, options).start([
      { uri: request.uri, flow, token: this.deps.transport.tokenOf(flow) },
    ]);
  }

  /** The SIP number an in-dialog request goes to: the side of the call that did not send it. */
  private recipientOf(request: SipRequest): string {
    const call = this.deps.dialogs.get(request.headers.get('call-id') ?? '');
    const sender = parseNameAddr(request.headers.get('from') ?? '').uri.user;
    if (!call) return '';
    return sender === call.callerNumber ? call.calleeNumber : call.callerNumber;
  }

  /** ACK for a 2xx has no transaction: it follows the route set statelessly. */
  private routeAck(request: SipRequest): void {
    const lastOwnRoute = popOwnRoutes(request, this.deps.identity);
    if (!lastOwnRoute || !this.deps.dialogs.knows(request.headers.get('call-id') ?? '')) return;
    const flow = this.nextHop(request, lastOwnRoute.user);
    if (!flow) return;
    decrementMaxForwards(request);
    this.deps.relay.forwardRequest(request, flow);
  }

  /** The connection a flow token names, else the next Route, else the Request-URI. */
  private nextHop(request: SipRequest, token: string | undefined): Flow | undefined {
    const byToken = this.deps.transport.flowByToken(token);
    if (byToken) return byToken;
    const route = request.headers.get('route');
    const uri = route ? parseNameAddr(route).uri : request.uri;
    return this.deps.transport.flowToUri(uri);
  }

  private proxyOptions(inbound: Flow, recordRoute: boolean): ProxyCallOptions {
    return {
      transactions: this.deps.transactions,
      identity: this.deps.identity,
      recordRoute,
      inboundToken: this.deps.transport.tokenOf(inbound),
      hooks: { relayStateless: (response) => this.deps.relay.relayResponse(response) },
    };
  }

  /** The colleague a transfer's INVITE names in `Referred-By`, when it is one of the company. */
  private transferredBy(request: SipRequest, companyId: number): string | null {
    const referredBy = request.headers.get('referred-by');
    const user = referredBy ? /sip:([^@>;]+)@/.exec(referredBy)?.[1] : undefined;
    const number = user ? this.deps.directory.sipNumbers.get(user) : undefined;
    return number?.companyId === companyId ? number.number : null;
  }

  private errorResponse(request: SipRequest, error: unknown): SipResponse {
    if (error instanceof SipError) return this.refusalResponse(request, error);
    this.deps.log.error({ err: error, method: request.method }, 'request failed');
    return createResponse(request, 500, 'Server Internal Error');
  }

  private refusalResponse(request: SipRequest, error: SipError): SipResponse {
    const response = createResponse(request, error.status, error.reason);
    if (error.token) response.headers.set('x-pbx-reason', error.token);
    for (const [name, value] of Object.entries(error.headers)) response.headers.set(name, value);
    return response;
  }
}

function describeRequester(request: SipRequest, flow: Flow): string {
  const agent = request.headers.get('user-agent');
  return [flow.protocol, agent].filter(Boolean).join(' ');
}
