import { hasSdp } from '../media/sdp-body';
import { buildCancel } from '../sip/dialog/cancel';
import type { SipRequest, SipResponse } from '../sip/message';
import { refusal, refusalResponse, type SipError } from '../sip/sip-error';
import type { ClientTransaction } from '../sip/transaction';
import { selectBestResponse } from './best-response';
import { newBranch } from './local-identity';
import { lacks100rel, without100rel } from './reliable-provisionals';
import { copyRequest, copyUri, dropTopVia } from './message-copy';
import type { ForkTarget, ProxyCallOptions, Upstream } from './proxy-types';
import { removeDeviceIdentity } from './trusted-identity';

export type {
  BranchMedia,
  ForkTarget,
  ProxyCallHooks,
  ProxyCallOptions,
  Upstream,
} from './proxy-types';

const CANCEL_GIVE_UP_MS = 32_000;
const COMPLETED_ELSEWHERE = 'SIP;cause=200;text="Call completed elsewhere"';

interface Branch {
  /** The branch parameter of the PBX's Via on this branch. */
  id: string;
  target: ForkTarget;
  /**
   * The request sent on this branch, until the branch has its final response (null after):
   * an answered call's late 2xx still reach the branch for 32 s (RFC 6026), and keeping no
   * message meanwhile is what lets the PBX sustain its call rate.
   */
  request: SipRequest | null;
  tx?: ClientTransaction;
  provisional: boolean;
  /** Reason header for a CANCEL requested before any provisional response arrived. */
  pendingCancel?: string | null;
  cancelled: boolean;
}

/**
 * One proxied request (RFC 3261 §16): forks in parallel to every target, forwards
 * provisional responses, the first 2xx wins and cancels the other branches, otherwise the
 * best final response goes upstream once every branch has ended. An in-dialog request is a
 * fork with one target.
 */
export class ProxyCall {
  private readonly branches: Branch[] = [];
  /** Final responses in the order they arrived, for best-response selection (until sent). */
  private finals: SipResponse[] = [];
  private finalSent = false;
  /** The caller has its final response (sendFinal may be interrupted by a fault). */
  private finalDelivered = false;
  /** Responses waiting for the bridge, in arrival order. */
  private responses: Promise<void> = Promise.resolve();
  private answered = false;
  private aborted = false;
  private ringTimer?: NodeJS.Timeout;
  /** For fault reports: the call's Call-ID. */
  private readonly callId: string;

  private readonly isInvite: boolean;
  /** What every branch sends a copy of; let go once the branches are built. */
  private template: SipRequest | null;

  /** Its own copy of the options: the one-shot hooks are let go of once called. */
  private readonly options: ProxyCallOptions;

  constructor(
    private readonly serverTx: Upstream,
    request: SipRequest,
    options: ProxyCallOptions,
  ) {
    this.isInvite = request.method === 'INVITE';
    this.callId = request.callId;
    this.template = request;
    this.options = { ...options, hooks: { ...options.hooks } };
  }

  start(targets: readonly ForkTarget[]): void {
    const template = this.template;
    if (!template) throw new Error('a proxy call starts once');
    this.template = null;
    if (this.isInvite) {
      this.serverTx.onCancel = () => this.onCallerCancel();
      if (this.options.ringTimeoutMs) {
        this.ringTimer = setTimeout(
          () => this.guarded('ring timer', () => this.onRingTimeout()),
          this.options.ringTimeoutMs,
        );
      }
    }
    for (const target of targets) {
      const id = newBranch();
      this.branches.push({
        id,
        target,
        request: this.branchRequest(template, target, id),
        provisional: false,
        cancelled: false,
      });
    }
    for (const branch of this.branches) {
      const request = branch.request!;
      if (this.options.media && hasSdp(request)) {
        this.offerThenSend(branch, request).catch((error) => this.abort(error, 'media offer'));
      } else {
        this.send(branch, request);
      }
    }
  }

  private send(branch: Branch, request: SipRequest): void {
    branch.tx = this.options.transactions.sendRequest(request, branch.target.flow, {
      onResponse: (response) => this.guarded('response', () => this.onResponse(branch, response)),
      onTimeout: () =>
        this.guarded('branch timeout', () => {
          this.options.log?.info(
            { event: 'branch.timeout', callId: this.callId, flow: branch.target.flow.id },
            'a branch never answered',
          );
          this.failBranch(branch, refusal('requestTimeout'));
        }),
      onTransportError: () =>
        this.guarded('transport error', () =>
          this.failBranch(branch, refusal('serviceUnavailable')),
        ),
    });
  }

  /** Ends a branch still without a final response with one the PBX makes up. */
  private failBranch(branch: Branch, why: SipError): void {
    if (!branch.request) return;
    this.onBranchFinal(branch, refusalResponse(branch.request, why));
  }

  /** The bridge rewrites the branch's offer first; a bridge failure ends the branch with 503. */
  private async offerThenSend(branch: Branch, request: SipRequest): Promise<void> {
    const media = this.options.media!;
    try {
      await media.offer(request, branch.target, branch.id);
    } catch {
      // The bridge logged why (`bridge.error`); the branch ends with the refusal that says so.
      this.failBranch(branch, refusal('mediaBridgeDown'));
      return;
    }
    // Cancelled (caller, ring timeout, another branch answered) while the bridge worked.
    if (branch.pendingCancel !== undefined) {
      this.onBranchFinal(branch, refusalResponse(request, refusal('requestTerminated')));
      return;
    }
    this.send(branch, request);
  }

  /**
   * A branch's response. With the bridge, responses are handled one after another once their
   * SDP is rewritten, so a 180, a 183 and the 200 keep their order.
   */
  private onResponse(branch: Branch, response: SipResponse): void {
    // Every branch is a device: what it claims of itself does not go upstream.
    removeDeviceIdentity(response);
    const media = this.options.media;
    if (!media) return this.onBranchResponse(branch, response);
    this.responses = this.responses
      .then(async () => {
        if (hasSdp(response) && response.status < 300 && !this.aborted) {
          // A failed rewrite leaves the SDP as it was; the bridge has logged why (`bridge.error`).
          await media.answer(response, branch.target, branch.id).catch(() => undefined);
        }
        this.onBranchResponse(branch, response);
      })
      // The chain never stays rejected: a fault ends this call, and only this call.
      .catch((error) => this.abort(error, 'bridged response'));
  }

  /** Runs this call's work; what it throws ends the call (`abort`), not the process. */
  private guarded(where: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.abort(error, where);
    }
  }

  /**
   * The call's own work threw: it is reported once, every branch still ringing is cancelled,
   * the caller gets `500` unless it has its final response, and the router frees what it holds
   * for the call (channels, call record, media). Later responses of the call are ignored.
   */
  private abort(error: unknown, where: string): void {
    if (this.aborted) return;
    this.aborted = true;
    const { barrier } = this.options;
    barrier?.caught(error, { callId: this.callId, in: `proxied call: ${where}` });
    if (barrier) barrier.stats.callsEndedByFault++;
    try {
      clearTimeout(this.ringTimer);
      this.cancelOthers(null);
      if (!this.finalDelivered && !this.answered) {
        this.finalSent = this.finalDelivered = true;
        this.finals = [];
        this.serverTx.respond(refusalResponse(this.serverTx.request, refusal('serverError')));
      }
    } catch (secondary) {
      barrier?.caught(secondary, { callId: this.callId, in: 'proxied call: ending' });
    } finally {
      const onFault = this.options.hooks.onFault;
      this.options.hooks.onFault = undefined;
      onFault?.();
    }
  }

  private branchRequest(template: SipRequest, target: ForkTarget, id: string): SipRequest {
    const request = copyRequest(template);
    request.uri = copyUri(target.uri);
    for (const [name, value] of Object.entries(target.headers ?? {}))
      request.headers.set(name, value);
    const { identity, inboundToken } = this.options;
    request.headers.prepend('via', identity.via(target.flow, id, inboundToken));
    if (this.isInvite && lacks100rel(target.flow)) without100rel(request);
    const ownContact = this.serverTx.contactFor?.(target.flow);
    if (ownContact) request.headers.set('contact', ownContact);
    else if (this.options.recordRoute) {
      // Two entries (one per side), each naming its connection: docs/architecture.md.
      request.headers.prepend(
        'record-route',
        identity.recordRoute(this.serverTx.flow, inboundToken),
      );
      request.headers.prepend('record-route', identity.recordRoute(target.flow, target.token));
    }
    return request;
  }

  private onBranchResponse(branch: Branch, response: SipResponse): void {
    // After a fault only the branches are wound down (pending CANCELs go out); nothing goes up.
    if (this.aborted && response.status >= 200 && response.status < 300) return;
    if (response.status < 200) {
      if (!branch.provisional) {
        branch.provisional = true;
        if (branch.pendingCancel !== undefined) this.sendCancel(branch, branch.pendingCancel);
      }
      if (!this.finalSent) this.options.hooks.onProvisional?.(response);
      if (response.status > 100 && !this.finalSent) this.sendProvisional(branch, response);
      return;
    }
    if (response.status < 300) {
      this.onBranch2xx(branch, response);
      return;
    }
    this.onBranchFinal(branch, response);
  }

  /** A 18x goes up; made reliable by the PBX when the caller requires it and the device cannot. */
  private sendProvisional(branch: Branch, response: SipResponse): void {
    const upstream = dropTopVia(response);
    const { reliable } = this.options;
    const send = () => this.serverTx.respond(upstream, branch.target);
    if (reliable && lacks100rel(branch.target.flow) && !upstream.require.includes('100rel')) {
      reliable.send(this.serverTx, upstream, send);
    } else {
      send();
    }
  }

  private onBranch2xx(branch: Branch, response: SipResponse): void {
    branch.request = null;
    const upstream = dropTopVia(response);
    // Every 2xx is forwarded, retransmissions and other branches' too (RFC 3261 §16.7).
    if (!this.serverTx.respond(upstream, branch.target))
      this.options.hooks.relayStateless(upstream);
    if (this.answered) return;
    // A 2xx may cross the CANCEL of a ring timeout: the call is then answered after all.
    const firstFinal = !this.finalSent;
    this.answered = true;
    this.finalSent = true;
    clearTimeout(this.ringTimer);
    const { hooks } = this.options;
    const onAnswered = hooks.onAnswered;
    hooks.onAnswered = undefined;
    onAnswered?.(response, branch.target);
    if (firstFinal) this.finalHook(upstream);
    this.cancelOthers(COMPLETED_ELSEWHERE);
  }

  private onBranchFinal(branch: Branch, response: SipResponse): void {
    if (!branch.request) return;
    branch.request = null;
    this.options.media?.dropBranch(branch.target, branch.id);
    if (response.status >= 600) this.cancelOthers(null);
    if (this.finalSent) return;
    this.finals.push(response);
    if (this.branches.some((b) => b.request)) return;
    if (this.serverTx.cancelled) {
      this.sendFinal(refusalResponse(this.serverTx.request, refusal('requestTerminated')));
      return;
    }
    const best = selectBestResponse(this.finals);
    if (best) this.sendFinal(dropTopVia(best));
  }

  private sendFinal(response: SipResponse): void {
    if (this.finalSent) return;
    this.finalSent = true;
    this.finals = [];
    clearTimeout(this.ringTimer);
    this.serverTx.respond(response);
    this.finalDelivered = true;
    this.finalHook(response);
  }

  /**
   * Calls onFinal and lets go of the hooks only ringing needed: what their closures hold (the
   * routing's state for the call) would otherwise live as long as the late-2xx window.
   */
  private finalHook(response: SipResponse): void {
    const { hooks } = this.options;
    const onFinal = hooks.onFinal;
    hooks.onFinal = undefined;
    this.options.timeoutResponse = undefined;
    this.options.reliable?.end(this.callId);
    onFinal?.(response);
  }

  private onCallerCancel(): void {
    this.cancelOthers(null);
  }

  private onRingTimeout(): void {
    if (this.finalSent) return;
    this.cancelOthers(null);
    const original = this.serverTx.request;
    const timeout =
      this.options.timeoutResponse?.(original) ?? refusalResponse(original, refusal('noAnswer'));
    this.sendFinal(timeout);
  }

  /** Cancels every branch still without a final response. */
  private cancelOthers(reason: string | null): void {
    for (const branch of this.branches) {
      if (!branch.request || branch.cancelled || !this.isInvite) continue;
      if (branch.provisional) this.sendCancel(branch, reason);
      else branch.pendingCancel = reason;
    }
  }

  /** CANCEL for one branch (RFC 3261 §9.1): same Request-URI, Via, Call-ID, CSeq number. */
  private sendCancel(branch: Branch, reason: string | null): void {
    const invite = branch.request;
    if (branch.cancelled || !invite) return;
    branch.cancelled = true;
    const cancel = buildCancel(invite, reason);
    // A branch that never answers its CANCEL is given up after 32 s (Timer C's job, §16.8).
    setTimeout(
      () =>
        this.guarded('cancel timer', () => {
          if (!branch.request) return;
          branch.tx?.terminate();
          this.failBranch(branch, refusal('requestTimeout'));
        }),
      CANCEL_GIVE_UP_MS,
    ).unref();
    this.options.transactions.sendRequest(cancel, branch.target.flow, {
      onResponse: () => undefined,
      onTimeout: () => undefined,
      onTransportError: () => undefined,
    });
  }
}
