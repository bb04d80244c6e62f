/**
 * Routing to a SIP number (SPEC §3), shared by every way a call reaches one: a device's request
 * (the request route), a carrier call's employee side and a carrier transfer's target (the
 * trunk, which gets `ringNumber` when it is constructed). `plan` decides everything and changes
 * nothing; `ring` tracks the call and forks to the devices.
 */
import { isSipNumber } from '../../shared/refusals';
import { followAbsenceChain } from '../../shared/sip-number-rules';
import type { MediaBridge } from '../media/media-bridge';
import type { BindingTable } from '../registrar/bindings';
import { dictionary } from '../sip/dictionary';
import { formatNameAddr } from '../sip/headers';
import type { SipRequest } from '../sip/message';
import { ownString } from '../sip/own-string';
import { refusal, refusalResponse, SipError } from '../sip/sip-error';
import type { Flow } from '../sip/transport/flow';
import type { Directory } from '../directory';
import type { SipNumberWithOwner } from '../store/store';
import { planLines, sessionSeconds, type CallerSide } from './call-lines';
import { deviceTarget, proxiedMedia } from './device-targets';
import { PER_DEVICE_ALLOWANCE } from '../sip/transport/limits';
import type { CallProbe } from './call-probe';
import type { DialogTracker } from './dialogs';
import { copyRequest } from './message-copy';
import { ProxyCall, type ForkTarget, type Upstream } from './proxy-call';
import { proxyOptions, type ProxyDeps } from './proxy-options';
import { decrementMaxForwards } from './routes';

export interface NumberRouterDeps extends ProxyDeps {
  /** What the SIP path reads: in memory, never awaiting the database. */
  directory: Directory;
  bindings: BindingTable;
  dialogs: DialogTracker;
  /** Told of each answered call, to end it if its parties vanish without BYE. */
  callProbe?: CallProbe;
  ringTimeoutMs: number;
  /** RFC 4028 interval asked for on INVITEs that carry no `Session-Expires`. */
  sessionExpiresSeconds: number;
  /** The media bridge (rtpengine), when one is configured. */
  media?: MediaBridge;
  /** Dialogs the requests of one device address may have open (issue 20); unlimited if unset. */
  maxDialogsPerAddress?: number;
}

/** Routes a new INVITE of the PBX's own to a SIP number (the trunk's dependency). */
export type RingNumber = (
  invite: SipRequest,
  upstream: Upstream,
  caller: CallerSide,
  sipNumber: string,
) => void;

/** How a request reaches a SIP number, decided before anything is sent or taken. */
export interface RoutingPlan {
  /** The number that rings: the one dialled, or the colleague covering an absence. */
  callee: SipNumberWithOwner;
  /** The request every branch copies, rewritten for the callee. */
  forwarded: SipRequest;
  /** One per registered device. */
  targets: ForkTarget[];
  /** For an INVITE: the lines it takes (SPEC §3 channels). */
  lines?: ReturnType<typeof planLines>;
}

/** RFC 7462: marks a call that arrives while another of the number is in progress. */
const CALL_WAITING_ALERT = '<urn:alert:service:call-waiting>';
/** Methods that create a dialog, so the PBX stays on its path (Record-Route). */
export const DIALOG_CREATING: ReadonlySet<string> = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

export class NumberRouter {
  constructor(private readonly deps: NumberRouterDeps) {}

  /** Whether a SIP number has a device registered now. */
  hasDevices(sipNumber: string): boolean {
    return this.deps.bindings.list(sipNumber).length > 0;
  }

  /**
   * Rings a SIP number for a call the PBX places itself (a carrier call's employee side, a
   * transfer's target): the same rules as any call; a refusal goes to `upstream`.
   */
  readonly ringNumber: RingNumber = (invite, upstream, caller, sipNumber) => {
    try {
      this.route(invite, upstream, upstream.flow, caller, sipNumber);
    } catch (error) {
      const answer = error instanceof SipError ? error : refusal('serverError');
      upstream.respond(refusalResponse(invite, answer));
      if (answer !== error) throw error; // a fault: answered, and reported by the barrier
    }
  };

  /**
   * Rings the devices of a SIP number; `upstream` is the caller's transaction or the PBX.
   * `source`: the address of the device whose request it is, whose open dialogs are bounded.
   */
  route(
    request: SipRequest,
    upstream: Upstream,
    flow: Flow,
    caller: CallerSide,
    targetNumber: string,
    source?: string,
  ): void {
    const plan = this.plan(request, caller, targetNumber);
    const limit = this.deps.maxDialogsPerAddress;
    const creates = DIALOG_CREATING.has(request.method);
    if (source !== undefined && creates && limit !== undefined) {
      const allowed = limit + this.deps.bindings.devicesAt(source) * PER_DEVICE_ALLOWANCE.dialogs;
      if (this.deps.dialogs.dialogsFrom(source) >= allowed) {
        throw refusal('addressBusy', undefined, { 'Retry-After': '5' });
      }
    }
    this.ring(plan, request, upstream, flow, caller, source);
  }

  /** Who rings and how; throws the refusal when nobody can (SPEC §3). Takes nothing. */
  plan(request: SipRequest, caller: CallerSide, targetNumber: string): RoutingPlan {
    const callee = this.calleeOf(targetNumber, caller);
    const devices = this.deps.bindings.list(callee.number);
    if (devices.length === 0) throw refusal('notRegistered');
    const lines =
      request.method === 'INVITE'
        ? planLines(this.deps.dialogs, request, caller, callee)
        : undefined;
    const forwarded = this.forwardedRequest(request, caller, callee);
    let targets = devices.map((binding) => deviceTarget(binding, this.deps.transport));
    if (lines) {
      forwarded.headers.set('x-line', String(lines.calleeLine));
      if (!forwarded.headers.has('session-expires')) {
        forwarded.headers.set('session-expires', String(this.deps.sessionExpiresSeconds));
      }
      // Only a device already in a call of the number hears the waiting call; idle ones ring.
      const busy = this.deps.dialogs.channels.busyDevices(callee.number);
      targets = targets.map((target) =>
        lines.waiting && busy.has(target.bindingKey ?? '')
          ? { ...target, headers: { 'alert-info': CALL_WAITING_ALERT } }
          : target,
      );
    }
    return { callee, forwarded, targets, lines };
  }

  /** Tracks the call (lines, record, media) when it is one, and forks to every device. */
  private ring(
    plan: RoutingPlan,
    request: SipRequest,
    upstream: Upstream,
    flow: Flow,
    caller: CallerSide,
    source: string | undefined,
  ): void {
    const { dialogs } = this.deps;
    const { callee, lines } = plan;
    const options = proxyOptions(this.deps, flow, DIALOG_CREATING.has(request.method));
    if (lines) {
      const call = dialogs.callStarted(
        {
          callId: request.callId,
          companyId: caller.companyId,
          callerNumber: caller.number,
          callerName: caller.employee?.employeeName ?? null,
          calleeNumber: callee.number,
          calleeName: callee.employeeName,
          callerDevice: describeRequester(request, flow),
          ...caller.record,
          transferredBy: this.transferredBy(request, caller.companyId),
        },
        source,
      );
      lines.commit();
      dialogs.holdLines(call, lines.callerLine, lines.calleeLine);
      call.media = options.media = upstream.media ?? proxiedMedia(this.deps.media, request, flow);
      const callerDevice = this.deps.bindings
        .list(caller.number)
        .find((b) => b.flow.id === flow.id);
      dialogs.channels.setDevice(caller.number, call.callId, callerDevice?.key);
      if (request.require.includes('100rel')) options.reliable = dialogs.reliable;
      options.ringTimeoutMs = this.deps.ringTimeoutMs;
      options.timeoutResponse = (original) => refusalResponse(original, refusal('noAnswer'));
      options.hooks.onProvisional = (response) => dialogs.callProgress(call, response.toTag);
      options.hooks.onAnswered = (response, target) => {
        dialogs.callAnswered(call, target.device ?? null, sessionSeconds(response));
        // The PBX's own back-to-back leg (`contactFor`) watches its dialog itself.
        if (!upstream.contactFor)
          this.deps.callProbe?.answered(request, flow, response, target.flow);
        dialogs.channels.setDevice(callee.number, call.callId, target.bindingKey);
      };
      options.hooks.onFinal = (response) => {
        if (response.status >= 300) dialogs.callFailed(call, response.status, upstream.cancelled);
      };
      options.hooks.onFault = () => dialogs.endByFault(call);
    } else if (DIALOG_CREATING.has(request.method)) {
      const seconds = (request.expires ?? 3600) + 60;
      // Not `request` itself: every hook of this call would keep the whole message.
      const callId = ownString(request.callId);
      options.hooks.onFinal = (response) => {
        if (response.status < 300) dialogs.allowDialog(callId, seconds, source);
      };
    }
    new ProxyCall(upstream, plan.forwarded, options).start(plan.targets);
  }

  /**
   * The SIP number a call reaches (SPEC §3): refused when unknown to the caller's company or
   * disabled; during an absence period, the first available colleague down the chain of
   * forwards (`followAbsenceChain`: loop-safe), or refused as absent.
   */
  private calleeOf(targetNumber: string, caller: CallerSide): SipNumberWithOwner {
    const { directory } = this.deps;
    if (!isSipNumber(targetNumber)) throw refusal('unknownNumber');
    const callee = directory.sipNumbers.get(targetNumber);
    if (!callee || callee.companyId !== caller.companyId) throw refusal('unknownNumber');
    const now = Date.now();
    const numberOf = (employeeId: number) => {
      const number = directory.sipNumbers.getByEmployee(employeeId);
      return number?.companyId === callee.companyId ? number : undefined;
    };
    const decision = followAbsenceChain(
      callee.employeeId,
      (employeeId) => {
        const number = numberOf(employeeId);
        if (!number) return undefined;
        const absence = directory.absences.current(employeeId, now);
        return { employeeId, enabled: number.enabled, absence };
      },
      // The colleague who covers the absence calling in gets no call from themself.
      caller.employee?.employeeId,
    );
    if (decision.kind === 'refuse') throw refusal(decision.refusal);
    return numberOf(decision.employeeId)!;
  }

  /**
   * The request the devices get: addressed to the callee's number, one hop less, without the
   * caller's credentials, and showing an employee caller by name (SPEC §3).
   */
  private forwardedRequest(
    request: SipRequest,
    caller: CallerSide,
    callee: SipNumberWithOwner,
  ): SipRequest {
    const forwarded = copyRequest(request);
    if (forwarded.uri.user !== callee.number) {
      forwarded.uri = { ...forwarded.uri, user: callee.number };
    }
    decrementMaxForwards(forwarded);
    forwarded.headers.delete('proxy-authorization');
    if (!caller.employee) return forwarded;
    const { employeeName, number } = caller.employee;
    const from = forwarded.from;
    if (from) forwarded.headers.set('from', formatNameAddr({ ...from, displayName: employeeName }));
    const uri = { scheme: 'sip' as const, user: number, host: this.deps.identity.domain };
    forwarded.headers.set(
      'p-asserted-identity',
      formatNameAddr({
        displayName: employeeName,
        uri: { ...uri, params: dictionary(), headers: dictionary() },
        params: dictionary(),
      }),
    );
    return forwarded;
  }

  /** The colleague a transfer's INVITE names in `Referred-By`, when it is one of the company. */
  private transferredBy(request: SipRequest, companyId: number): string | null {
    const user = request.referredBy?.uri.user;
    const number = user ? this.deps.directory.sipNumbers.get(user) : undefined;
    return number?.companyId === companyId ? number.number : null;
  }
}

/** What a call record says of the calling device: its transport and User-Agent. */
export function describeRequester(request: SipRequest, flow: Flow): string {
  const agent = request.headers.get('user-agent');
  return [flow.protocol, agent].filter(Boolean).join(' ');
}
