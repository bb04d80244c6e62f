import type { Logger } from 'pino';
import { isSipNumber } from '../../shared/refusals';
import type { Authenticator } from '../auth/authenticator';
import type { Binding, BindingTable } from '../registrar/bindings';
import { registerTarget, type Registrar } from '../registrar/registrar';
import { formatNameAddr, parseNameAddr } from '../sip/headers';
import type { SipRequest, SipResponse } from '../sip/message';
import { refusal, SipError } from '../sip/sip-error';
import { createResponse, type ServerTransaction, type TransactionLayer } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import type { TransportLayer } from '../sip/transport/transport-layer';
import type { SipNumberWithOwner, Store } from '../store/store';
import type { DialogTracker } from './dialogs';
import type { LocalIdentity } from './local-identity';
import { copyRequest } from './message-copy';
import { ProxyCall, type ForkTarget, type ProxyCallOptions } from './proxy-call';
import type { StatelessRelay } from './relay';
import { decrementMaxForwards, hasToTag, popOwnRoutes } from './routes';

export interface PipelineDeps {
  store: Store;
  identity: LocalIdentity;
  transport: TransportLayer;
  transactions: TransactionLayer;
  authenticator: Authenticator;
  registrar: Registrar;
  bindings: BindingTable;
  dialogs: DialogTracker;
  relay: StatelessRelay;
  ringTimeoutMs: number;
  log: Logger;
}

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
      if (request.method === 'ACK') return this.routeAck(request);
      if (!tx) return;
      if (request.method === 'CANCEL') {
        // The transaction layer has matched it to its INVITE, whose ProxyCall cancels the branches.
        tx.respond(createResponse(request, 200, 'OK'));
        return;
      }
      this.sanity(request);
      if (hasToTag(request)) return this.routeInDialog(request, tx);
      popOwnRoutes(request, this.deps.identity);
      if (request.method === 'REGISTER') return this.register(request, tx, flow);
      if (this.deps.identity.isSelf(request.uri)) return this.answerSelf(request, tx);
      const caller = this.authenticateCaller(request, flow);
      this.routeToNumber(request, tx, flow, caller);
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
    const { identity, authenticator, store, registrar } = this.deps;
    if (!identity.isLocal(request.uri)) throw new SipError(403, 'Not Our Domain');
    const username = authenticator.authenticate(request, flow.remoteAddress);
    const target = registerTarget(request);
    if (target !== username) throw new SipError(403, 'Credentials Do Not Match Number');
    const number = store.sipNumbers.get(username);
    if (!number) throw refusal('unknownNumber');
    if (!number.enabled) throw refusal('numberDisabledFrom');
    tx.respond(registrar.register(request, username, flow));
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
    const caller = this.deps.store.sipNumbers.get(username);
    if (!caller) throw refusal('unknownNumber');
    if (!caller.enabled) throw refusal('numberDisabledFrom');
    return caller;
  }

  private routeToNumber(
    request: SipRequest,
    tx: ServerTransaction,
    flow: Flow,
    caller: SipNumberWithOwner,
  ): void {
    const { store, bindings, identity } = this.deps;
    const targetNumber = request.uri.user ?? '';
    if (!isSipNumber(targetNumber)) throw refusal('unknownNumber');
    const callee = store.sipNumbers.get(targetNumber);
    if (!callee || callee.companyId !== caller.companyId) throw refusal('unknownNumber');
    if (!callee.enabled) throw refusal('numberDisabledTo');
    const devices = bindings.list(targetNumber);
    if (devices.length === 0) throw refusal('notRegistered');

    const forwarded = copyRequest(request);
    decrementMaxForwards(forwarded);
    forwarded.headers.delete('proxy-authorization');
    const from = parseNameAddr(forwarded.headers.get('from') ?? '');
    from.displayName = caller.employeeName;
    forwarded.headers.set('from', formatNameAddr(from));
    forwarded.headers.set(
      'p-asserted-identity',
      formatNameAddr({
        displayName: caller.employeeName,
        uri: { scheme: 'sip', user: caller.number, host: identity.domain, params: {}, headers: {} },
        params: {},
      }),
    );

    const options = this.proxyOptions(flow, DIALOG_CREATING.has(request.method));
    if (request.method === 'INVITE') {
      const call = this.deps.dialogs.callStarted({
        callId: request.headers.get('call-id') ?? '',
        companyId: caller.companyId,
        callerNumber: caller.number,
        callerName: caller.employeeName,
        calleeNumber: callee.number,
        calleeName: callee.employeeName,
        callerDevice: describeRequester(request, flow),
      });
      options.ringTimeoutMs = this.deps.ringTimeoutMs;
      options.timeoutResponse = (original) => this.refusalResponse(original, refusal('noAnswer'));
      options.hooks.onAnswered = (_response, target) =>
        this.deps.dialogs.callAnswered(call, target.device ?? null);
      options.hooks.onFinal = (response) => {
        if (response.status >= 300)
          this.deps.dialogs.callFailed(call, response.status, tx.cancelled);
      };
    } else if (DIALOG_CREATING.has(request.method)) {
      const seconds = Number(request.headers.get('expires') ?? 3600) + 60;
      options.hooks.onFinal = (response) => {
        if (response.status < 300)
          this.deps.dialogs.allowDialog(request.headers.get('call-id') ?? '', seconds);
      };
    }
    new ProxyCall(tx, forwarded, options).start(devices.map((b) => this.targetOf(b)));
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
    const flow = this.nextHop(request, lastOwnRoute.user);
    if (!flow) throw new SipError(404, 'No Route To Destination');
    const forwarded = copyRequest(request);
    decrementMaxForwards(forwarded);
    if (request.method === 'BYE') dialogs.callEnded(callId);
    new ProxyCall(tx, forwarded, this.proxyOptions(tx.flow, false)).start([
      { uri: request.uri, flow, token: this.deps.transport.tokenOf(flow) },
    ]);
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

  private targetOf(binding: Binding): ForkTarget {
    return {
      uri: binding.contact,
      flow: this.flowToDevice(binding),
      token: this.deps.transport.tokenOf(binding.flow),
      device: [binding.deviceKind, binding.userAgent].filter(Boolean).join(' '),
    };
  }

  /**
   * Connection-oriented devices are reached through their connection (RFC 5626, RFC 7118).
   * A UDP device is reached at its Contact when the Contact names the address it registered
   * from (a phone on a LAN, or a registration made for another port); behind NAT, where the
   * Contact names another address, at the address the REGISTER came from.
   */
  private flowToDevice(binding: Binding): Flow {
    const { flow, contact } = binding;
    if (flow.reliable || contact.host !== flow.remoteAddress) return flow;
    if ((contact.params.transport ?? 'udp').toLowerCase() !== 'udp') return flow;
    return this.deps.transport.flowToUri(contact) ?? flow;
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
