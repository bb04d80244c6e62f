import type { Logger } from 'pino';
import { parseDialled } from '../../shared/phone-numbers';
import { DigestChallenge, type Authenticator } from '../auth/authenticator';
import { registerTarget, type Registrar } from '../registrar/registrar';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { ReadHeader, SipRequest } from '../sip/message';
import { refusal, refusalResponse, SipError } from '../sip/sip-error';
import { Announcements } from '../media/announcements';
import { deviceKind } from '../media/call-media';
import type { RefusalAnnouncer } from '../media/refusal-announcer';
import { AnnouncingUpstream } from './announcing-upstream';
import { createResponse, type ServerTransaction } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import { canonicalInstance, type Directory, type Tenancy } from '../directory';
import type { DialogEventServer } from '../presence/dialog-events';
import type { SipNumberWithOwner } from '../store/store';
import { returnCallEmployee } from '../trunk/return-call';
import type { Trunk } from '../trunk/trunk';
import { employeeSide, type CallerSide } from './call-lines';
import type { InDialogRouter } from './in-dialog';
import type { LocalIdentity } from './local-identity';
import { describeRequester, DIALOG_CREATING, type NumberRouter } from './number-router';
import { runRoute, step, type NamedStep } from './route';
import { hasToTag, popOwnRoutes } from './routes';
import { removeCarrierClaims, removeDeviceIdentity } from './trusted-identity';

export interface PipelineDeps {
  /** What the SIP path reads: in memory, never awaiting the database. */
  directory: Directory;
  /** The operator's rules per company: suspension, device and call quotas. */
  tenancy: Tenancy;
  identity: LocalIdentity;
  authenticator: Authenticator;
  registrar: Registrar;
  router: NumberRouter;
  inDialog: InDialogRouter;
  /** The `dialog` event package: busy-lamp-field subscriptions to colleagues (RFC 4235). */
  presence: DialogEventServer;
  /** The carrier trunk, when one is configured. */
  trunk?: Trunk;
  log: Logger;
  /** Catches what a held-back answer's sending throws (it runs from a timer). */
  barrier?: FaultBarrier;
  /** Plays a refused IP phone the announcement of why (with the media bridge only). */
  announcer?: RefusalAnnouncer;
}

/** A request other than ACK on its way through the route. */
export interface RequestContext {
  readonly request: SipRequest;
  readonly tx: ServerTransaction;
  readonly flow: Flow;
  /** Set by `authenticate`: the SIP number the request is from. */
  caller?: SipNumberWithOwner;
}

/** An ACK: it has no transaction and never gets an answer (RFC 3261 §17). */
export interface AckContext {
  readonly request: SipRequest;
}

const ALLOW =
  'INVITE, ACK, BYE, CANCEL, OPTIONS, REFER, NOTIFY, SUBSCRIBE, INFO, MESSAGE, UPDATE, PRACK';

/** Headers every request must have readable when present: routing reads them. */
const READ_ALWAYS: readonly ReadHeader[] = ['route'];
/** ... and those of requests that set up a dialog or a binding (the Contact is its target). */
const READ_FOR_TARGET: readonly ReadHeader[] = ['route', 'contact'];

/**
 * The request route, read top to bottom like Kamailio's `request_route`: each named step
 * answers the request or passes it on (`'next'`); a refusal a step throws becomes the response
 * (`refusalResponse`, the one way a refusal is written); anything else is a fault, answered
 * `500` by the transaction layer and logged by the transport's barrier.
 */
export class RequestPipeline {
  /** Every request but ACK, in this order. */
  readonly route: readonly NamedStep<RequestContext>[] = [
    step('cancel', (c) => this.cancel(c)),
    step('sanity', (c) => this.sanity(c)),
    step('trusted-identity', (c) => this.trustedIdentity(c)),
    step('carrier-dialog', (c) => this.carrierDialog(c)),
    step('subscription-dialog', (c) => this.subscriptionDialog(c)),
    step('in-dialog', (c) => this.inDialog(c)),
    step('own-routes', (c) => this.ownRoutes(c)),
    step('register', (c) => this.register(c)),
    step('to-the-pbx', (c) => this.toThePbx(c)),
    step('from-the-carrier', (c) => this.fromTheCarrier(c)),
    step('authenticate', (c) => this.authenticate(c)),
    step('subscribe', (c) => this.subscribe(c)),
    step('dial', (c) => this.dial(c)),
  ];

  /** ACK, which no step may answer. */
  readonly ackRoute: readonly NamedStep<AckContext>[] = [
    step('carrier-dialog', ({ request }) =>
      this.deps.trunk?.handleInDialog(request, null) ? undefined : 'next',
    ),
    step('in-dialog', ({ request }) => this.deps.inDialog.ack(request)),
  ];

  /** Challenges held back by the failure penalty, until they go out. */
  private readonly heldBack = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: PipelineDeps) {}

  /** Drops the challenges still held back (the PBX is stopping). */
  close(): void {
    for (const timer of this.heldBack) clearTimeout(timer);
    this.heldBack.clear();
  }

  handle(request: SipRequest, tx: ServerTransaction | null, flow: Flow): void {
    if (!tx) {
      // A refusal of an ACK has nobody to go to: the ACK is dropped.
      runRoute(this.ackRoute, { request }, () => undefined);
      return;
    }
    runRoute(this.route, { request, tx, flow }, (context, error) => this.refuse(context, error));
  }

  /** The transaction layer matched the CANCEL to its INVITE, whose call cancels the branches. */
  private cancel({ request, tx }: RequestContext): 'next' | void {
    if (request.method !== 'CANCEL') return 'next';
    tx.respond(createResponse(request, 200, 'OK'));
  }

  /** What routing reads must be readable; hops left; no extension the PBX lacks. */
  private sanity({ request }: RequestContext): 'next' {
    const needed =
      DIALOG_CREATING.has(request.method) || request.method === 'REGISTER'
        ? READ_FOR_TARGET
        : READ_ALWAYS;
    const malformed = request.malformed(needed);
    if (malformed) throw refusal('badRequest', `Bad ${malformed}`);
    if (request.maxForwards === 0) throw refusal('tooManyHops');
    const required = request.headers.getAll('proxy-require');
    if (required.length > 0) {
      throw refusal('badExtension', undefined, { Unsupported: required.join(', ') });
    }
    return 'next';
  }

  /**
   * Who is calling is what the PBX says (trusted-identity.ts): a device's identity headers and
   * `X-` headers are removed, in a dialog too; from the carrier only what it is trusted for stays.
   */
  private trustedIdentity({ request, flow }: RequestContext): 'next' {
    if (this.deps.trunk?.isCarrier(flow)) {
      removeCarrierClaims(request);
      flow.trust?.(); // the carrier's connection is kept like a device's
    } else {
      removeDeviceIdentity(request);
    }
    return 'next';
  }

  /** A request inside one of the PBX's own back-to-back calls (found by its Request-URI). */
  private carrierDialog({ request, tx }: RequestContext): 'next' | void {
    if (!hasToTag(request) || !this.deps.trunk?.handleInDialog(request, tx)) return 'next';
  }

  /** A refresh or unsubscribe inside a `dialog` subscription the PBX holds (it is the notifier). */
  private subscriptionDialog({ request, tx }: RequestContext): 'next' | void {
    if (!hasToTag(request)) return 'next';
    if (this.deps.presence.handleInDialog(request, tx)) return;
    // A refresh addressed to the PBX itself whose subscription ended (RFC 6665 §4.1.2.2).
    const ours = request.method === 'SUBSCRIBE' && this.deps.identity.isSelf(request.uri);
    if (ours) throw refusal('noDialog');
    return 'next';
  }

  /** A request inside a dialog the PBX routed: it follows the route set (in-dialog.ts). */
  private inDialog(context: RequestContext): 'next' | void {
    const { request, tx } = context;
    if (!hasToTag(request)) return 'next';
    const ownRoute = popOwnRoutes(request, this.deps.identity);
    if (ownRoute) return this.deps.inDialog.route(request, tx, ownRoute);
    if (request.method === 'OPTIONS' && this.deps.identity.isLocal(request.uri)) {
      return this.answerOptions(context);
    }
    throw refusal('notRelaying');
  }

  /** A Route to the PBX at the top of an initial request is the PBX's own: it goes. */
  private ownRoutes({ request }: RequestContext): 'next' {
    popOwnRoutes(request, this.deps.identity);
    return 'next';
  }

  private register({ request, tx, flow }: RequestContext): 'next' | void {
    if (request.method !== 'REGISTER') return 'next';
    const { identity, authenticator, directory, registrar, tenancy } = this.deps;
    if (!identity.isLocal(request.uri)) throw refusal('notOurDomain');
    const username = authenticator.authenticate(request, flow.remoteAddress);
    flow.trust?.(); // a device's connection: never closed to make room or as idle
    const device = directory.deviceCredentials.get(username);
    if (registerTarget(request) !== (device?.sipNumber ?? username)) {
      throw refusal('credentialsMismatch');
    }
    // A device credential registers only the device it was issued to, never `Contact: *`.
    if (device && !onlyInstance(request, device.instance)) throw refusal('credentialsMismatch');
    const number = directory.sipNumbers.get(device?.sipNumber ?? username);
    if (!number) throw refusal('unknownNumber');
    if (!number.enabled) throw refusal('numberDisabledFrom');
    tenancy.admit(number);
    const room = tenancy.deviceRoom(number.companyId);
    tx.respond(registrar.register(request, number, flow, room, device?.username));
  }

  /** A request to the PBX itself (no user): only OPTIONS, a keep-alive or capability query. */
  private toThePbx(context: RequestContext): 'next' | void {
    if (!this.deps.identity.isSelf(context.request.uri)) return 'next';
    if (context.request.method !== 'OPTIONS') throw refusal('unknownNumber');
    this.answerOptions(context);
  }

  /**
   * A call from the carrier: to the company number dialled, which rings the employee chosen
   * for return calls (`returnCallEmployee`), with that employee's rules (SPEC §3). The PBX answers the carrier as a
   * back-to-back call and places the employee's side itself; the client's number is the caller.
   */
  private fromTheCarrier({ request, tx, flow }: RequestContext): 'next' | void {
    const { trunk, directory, tenancy, router } = this.deps;
    if (!trunk?.isCarrier(flow)) return 'next';
    const dialled = parseDialled(request.user ?? '');
    const e164 = dialled.kind === 'phone' ? dialled.e164 : undefined;
    const companyNumber = e164 ? directory.companyNumbers.getByNumber(e164) : undefined;
    if (!companyNumber?.enabled) throw refusal('unknownNumber');
    tenancy.admit(companyNumber);
    const fromUser = request.from?.uri.user ?? '';
    const client = parseDialled(fromUser);
    const clientNumber = client.kind === 'phone' ? client.e164 : fromUser;
    const { callee, explanation } = returnCallEmployee(
      directory,
      companyNumber,
      clientNumber,
      Date.now(),
      (sipNumber) => router.hasDevices(sipNumber),
    );
    const call = trunk.receiveCall(tx, flow, {
      clientNumber,
      calleeNumber: callee.number,
      companyId: companyNumber.companyId,
      companyNumber: companyNumber.number,
    });
    const caller: CallerSide = {
      companyId: companyNumber.companyId,
      number: clientNumber,
      record: {
        direction: 'incoming',
        clientNumber,
        companyNumber: companyNumber.number,
        callerIdReason: explanation,
      },
    };
    router.ringNumber(call.request, call, caller, callee.number);
  }

  /**
   * Who is calling: the authenticated SIP number, which must also be the From user. A disabled
   * number is refused here, but for an INVITE to an emergency number.
   */
  private authenticate(context: RequestContext): 'next' {
    const { request, flow } = context;
    const username = this.deps.authenticator.authenticate(request, flow.remoteAddress);
    flow.trust?.();
    const number = this.deps.directory.deviceCredentials.get(username)?.sipNumber ?? username;
    if (request.from?.uri.user !== number) throw refusal('fromMismatch');
    const caller = this.deps.directory.sipNumbers.get(number);
    if (!caller) throw refusal('unknownNumber');
    // A disabled number's device still calls an emergency number (SPEC §3): digest, no binding.
    if (!caller.enabled && !isEmergencyCall(request)) throw refusal('numberDisabledFrom');
    this.deps.tenancy.admit(caller);
    context.caller = caller;
    return 'next';
  }

  /** A SUBSCRIBE is the PBX's to answer: the `dialog` package of a colleague's number. */
  private subscribe({ request, tx, flow, caller }: RequestContext): 'next' | void {
    if (request.method !== 'SUBSCRIBE') return 'next';
    if (!caller) throw refusal('serverError'); // `authenticate` comes first in the route
    this.deps.presence.subscribe(request, tx, flow, caller);
  }

  /** A call or request from an employee: to a SIP number, or out through the carrier trunk. */
  private dial({ request, tx, flow, caller }: RequestContext): void {
    if (!caller) throw refusal('serverError'); // `authenticate` comes first in the route
    const target = parseDialled(request.user ?? '');
    if (target.kind === 'sip') {
      const { announcer, barrier } = this.deps;
      const call = { companyId: caller.companyId, calleeNumber: target.number };
      const upstream =
        announcer && request.method === 'INVITE' && deviceKind(flow) === 'plain'
          ? new AnnouncingUpstream(tx, announcer, call, barrier)
          : tx;
      try {
        const side = employeeSide(caller, flow.id);
        return this.deps.router.route(
          request,
          upstream,
          flow,
          side,
          target.number,
          flow.remoteAddress,
        );
      } catch (error) {
        // A refusal with an announcement (absent, disabled, busy) goes after it, as no-answer does.
        if (upstream === tx || !(error instanceof SipError) || !Announcements.covers(error.token)) {
          throw error;
        }
        upstream.respond(refusalResponse(request, error));
        return;
      }
    }
    if (target.kind === 'invalid') throw refusal('badNumber');
    const { trunk } = this.deps;
    if (!trunk) throw refusal('noTrunk');
    const destination =
      target.kind === 'emergency'
        ? { number: target.number, emergency: true }
        : { number: target.e164, emergency: false };
    trunk.dialOut(tx, flow, caller, destination, describeRequester(request, flow));
  }

  private answerOptions({ request, tx }: RequestContext): void {
    const response = createResponse(request, 200, 'OK');
    response.headers.set('allow', ALLOW).set('accept', 'application/sdp');
    response.headers.set('allow-events', 'dialog'); // RFC 6665 §8.2.2: what SUBSCRIBE serves
    tx.respond(response);
  }

  /** A step refused the request: one short line at debug level, then the answer. */
  private refuse({ request, tx }: RequestContext, error: SipError): void {
    const { log } = this.deps;
    if (log.isLevelEnabled('debug')) {
      const { status, reason, token: pbxReason } = error;
      // Not `token`: the logger redacts that key everywhere (API session tokens).
      log.debug(
        {
          event: 'refused',
          status,
          reason,
          pbxReason,
          method: request.method,
          callId: request.callId,
        },
        'refused',
      );
    }
    const delayMs = error instanceof DigestChallenge ? error.delayMs : 0;
    if (delayMs <= 0) {
      tx.respond(refusalResponse(request, error));
      return;
    }
    // The failure penalty (pbx/auth/penalty.ts): the answer to a failed attempt waits.
    const timer = setTimeout(() => {
      this.heldBack.delete(timer);
      try {
        tx.respond(refusalResponse(request, error));
      } catch (fault) {
        this.deps.barrier?.caught(fault, { callId: request.callId, in: 'held-back challenge' });
      }
    }, delayMs);
    this.heldBack.add(timer);
  }
}

/** An INVITE to an emergency number (112, 101–104), which always goes out (SPEC §3). */
function isEmergencyCall(request: SipRequest): boolean {
  return request.method === 'INVITE' && parseDialled(request.user ?? '').kind === 'emergency';
}

/** Every Contact of the REGISTER names this `+sip.instance` (canonical form). */
function onlyInstance(request: SipRequest, instance: string): boolean {
  const contacts = request.contacts ?? [];
  return (
    contacts.length > 0 &&
    contacts.every(
      (contact) =>
        contact !== '*' && canonicalInstance(contact.params['+sip.instance']) === instance,
    )
  );
}

export type { CallerSide };
