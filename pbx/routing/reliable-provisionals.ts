/**
 * RFC 3262 toward devices without 100rel (docs/architecture.md: reliable provisionals). JsSIP,
 * and so the softphone on its WebSocket, has no 100rel: it never gets the option tag in an
 * INVITE, and when the caller requires it the PBX is the reliable end toward the caller: the
 * branch's 18x go up with `Require: 100rel` and an `RSeq` of the PBX's own, and the caller's
 * PRACK for them is answered here.
 */
import type { SipRequest, SipResponse } from '../sip/message';
import { createResponse } from '../sip/transaction/response';
import type { Flow } from '../sip/transport/flow';
import type { Upstream } from './proxy-types';

const T1_MS = 500;
const GIVE_UP_MS = 64 * T1_MS;
/** Calls with a PBX-made reliable provisional at most at once; the oldest is let go. */
const MAX_CALLS = 10_000;

/** Devices that do not do 100rel: the softphone (JsSIP) on its WebSocket. */
export const lacks100rel = (flow: Flow): boolean =>
  flow.protocol === 'ws' || flow.protocol === 'wss';

/** Removes the `100rel` option tag from `Require` and `Supported` of a request for such a device. */
export function without100rel(request: SipRequest): void {
  for (const name of ['require', 'supported']) {
    const values = request.headers.getAll(name);
    if (values.length === 0) continue;
    const kept = values.filter((tag) => tag.trim().toLowerCase() !== '100rel');
    if (kept.length === values.length) continue;
    request.headers.delete(name);
    if (kept.length > 0) request.headers.set(name, kept);
  }
}

interface Pending {
  timer?: NodeJS.Timeout;
}

/** The reliable provisionals the PBX sent for callers that require 100rel, until PRACKed. */
export class ReliableProvisionals {
  /** Call-ID → `toTag rseq` → the retransmission in progress. */
  private readonly calls = new Map<string, Map<string, Pending>>();
  private readonly nextRseq = new Map<string, number>();

  /**
   * Makes a branch's 18x reliable toward `upstream` (RFC 3262 §3) and resends it over an
   * unreliable flow, T1 doubling, until its PRACK or 64·T1.
   */
  send(upstream: Upstream, response: SipResponse, send: () => void): void {
    const callId = response.callId;
    const rseq = (this.nextRseq.get(callId) ?? 0) + 1;
    this.nextRseq.set(callId, rseq);
    response.headers.set('require', '100rel').set('rseq', String(rseq));
    let pending = this.calls.get(callId);
    if (!pending) {
      const oldest = this.calls.entries().next();
      if (this.calls.size >= MAX_CALLS && !oldest.done) this.forget(...oldest.value);
      pending = new Map();
      this.calls.set(callId, pending);
    }
    const entry: Pending = {};
    pending.set(`${response.toTag ?? ''} ${rseq}`, entry);
    send();
    if (upstream.flow.reliable) return;
    const started = Date.now();
    const resend = (delay: number) => {
      entry.timer = setTimeout(() => {
        if (Date.now() - started >= GIVE_UP_MS) return;
        send();
        resend(Math.min(delay * 2, 4000));
      }, delay);
      entry.timer.unref();
    };
    resend(T1_MS);
  }

  /** PRACKs the PBX has answered itself (for the SIP trace and tests). */
  pracksAnswered = 0;

  /** Answers a PRACK for one of the PBX's reliable provisionals; false when it is not one. */
  prack(request: SipRequest, respond: (response: SipResponse) => void): boolean {
    const pending = this.calls.get(request.callId);
    const rseq = request.headers.get('rack')?.trim().split(/\s+/)[0];
    const key = `${request.toTag ?? ''} ${rseq}`;
    const entry = pending?.get(key);
    if (!pending || !entry) return false;
    clearTimeout(entry.timer);
    pending.delete(key);
    this.pracksAnswered++;
    respond(createResponse(request, 200, 'OK'));
    return true;
  }

  /** The INVITE has its final response: nothing more is resent; a PRACK crossing it is still answered. */
  end(callId: string): void {
    const pending = this.calls.get(callId);
    if (!pending) return;
    for (const entry of pending.values()) clearTimeout(entry.timer);
    setTimeout(() => this.forget(callId, pending), GIVE_UP_MS).unref();
  }

  private forget(callId: string, pending: Map<string, Pending>): void {
    for (const entry of pending.values()) clearTimeout(entry.timer);
    if (this.calls.get(callId) !== pending) return;
    this.calls.delete(callId);
    this.nextRseq.delete(callId);
  }
}
