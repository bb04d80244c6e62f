/**
 * Dead-call detection for the calls the PBX proxies (docs/architecture.md: Dead calls). A call
 * in which no request has passed for an interval is probed with an OPTIONS inside its dialog to
 * each party, as Kamailio's dialog keepalive does. A party that answers anything but 481 is still
 * in the call (a `500` for an old CSeq too); one that answers 481, or nothing before Timer F, or
 * whose connection is gone, has left it: the PBX sends BYE to the other party in its name and the
 * call ends (lines, call record, media). Without it a call whose parties vanish without BYE holds
 * its lines until the session timer, or 12 hours when the phones negotiated none.
 */
import { newBranch } from './local-identity';
import type { LocalIdentity } from './local-identity';
import { copyUri } from './message-copy';
import type { DialogTracker } from './dialogs';
import { formatNameAddr } from '../sip/headers';
import { SipHeaders, SipRequest, type SipResponse } from '../sip/message';
import { ownString } from '../sip/own-string';
import type { TransactionLayer } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import type { SipUri } from '../sip/uri';
import type { FaultBarrier } from '../sip/fault-barrier';

/** How the PBX reaches one party inside the dialog, speaking for the other party. */
interface Party {
  flow: Flow;
  /** The party's Contact: the Request-URI of what the PBX sends it. */
  target: SipUri;
  /** The other party as this party knows it (with its tag): the From of what the PBX sends. */
  peer: string;
  /** This party, with its tag: the To. */
  self: string;
  /** Route entries beyond the PBX toward this party (a proxy in front of it, such as an edge). */
  routes: string[];
  /**
   * The highest CSeq this party has had from the other side (0: none yet). A probe reuses it
   * rather than taking the next, so the other party's own next request is never out of order.
   */
  cseq: number;
}

interface ProbedCall {
  callerTag: string;
  caller: Party;
  callee: Party;
  /** Since when no request of the dialog has passed (or the last probe was answered). */
  quietSince: number;
  probing: boolean;
}

/** A party that answers these, or nothing, has left the call (RFC 5057 §5.1). */
const GONE = new Set([481, 408]);

export interface CallProbeDeps {
  transactions: TransactionLayer;
  identity: LocalIdentity;
  dialogs: DialogTracker;
  /** A quiet call is probed after this long; 0 turns probing off. */
  intervalMs: number;
  now?: () => number;
  barrier?: FaultBarrier;
}

export class CallProbe {
  private readonly calls = new Map<string, ProbedCall>();
  private readonly now: () => number;

  constructor(private readonly deps: CallProbeDeps) {
    this.now = deps.now ?? Date.now;
    deps.dialogs.watch((call, ended) => {
      if (ended) this.calls.delete(call.callId);
    });
  }

  /** Calls watched now (tests, the fuzzer's census). */
  get size(): number {
    return this.calls.size;
  }

  /**
   * A proxied call was answered: `invite` as it reached the PBX on `callerFlow`, `ok` the 2xx
   * from the device on `calleeFlow`.
   */
  answered(invite: SipRequest, callerFlow: Flow, ok: SipResponse, calleeFlow: Flow): void {
    if (this.deps.intervalMs <= 0) return;
    const callId = ownString(invite.callId);
    const [from, to] = [invite.headers.get('from'), ok.headers.get('to')];
    const [callerContact, calleeContact] = [invite.contact(), ok.contact()];
    const callerTag = invite.fromTag;
    if (!from || !to || !callerContact || !calleeContact || !callerTag || !ok.toTag) return;
    if (!this.deps.dialogs.get(callId)) return;
    const own = (uri: SipUri) => this.deps.identity.isLocal(uri);
    const recorded = ok.recordRoute ?? [];
    const firstOwn = recorded.findIndex((entry) => own(entry.uri));
    // Entries above the PBX's own were added on the callee's side; below, on the caller's.
    const calleeRoutes = firstOwn < 0 ? [] : recorded.slice(0, firstOwn).reverse();
    const callerRoutes = (invite.recordRoute ?? []).filter((entry) => !own(entry.uri));
    this.calls.set(callId, {
      callerTag: ownString(callerTag),
      caller: {
        flow: callerFlow,
        target: copyUri(callerContact.uri),
        peer: ownString(to),
        self: ownString(from),
        routes: callerRoutes.map((entry) => formatNameAddr(entry)),
        cseq: 0,
      },
      callee: {
        flow: calleeFlow,
        target: copyUri(calleeContact.uri),
        peer: ownString(from),
        self: ownString(to),
        routes: calleeRoutes.map((entry) => formatNameAddr(entry)),
        cseq: invite.cseq?.seq ?? 0,
      },
      quietSince: this.now(),
      probing: false,
    });
  }

  /** A request of the dialog passed through the PBX: the call is alive, its CSeq noted. */
  sawRequest(request: SipRequest): void {
    const call = this.calls.get(request.callId);
    if (!call) return;
    call.quietSince = this.now();
    const seq = request.cseq?.seq;
    if (request.method === 'ACK' || seq === undefined) return;
    const recipient = request.fromTag === call.callerTag ? call.callee : call.caller;
    recipient.cseq = Math.max(recipient.cseq, seq);
  }

  /** Probes the calls quiet for an interval; run every second. */
  sweep(): void {
    if (this.deps.intervalMs <= 0) return;
    const due = this.now() - this.deps.intervalMs;
    for (const [callId, call] of this.calls) {
      if (call.probing || call.quietSince > due) continue;
      call.probing = true;
      this.probe(callId, call);
    }
  }

  private probe(callId: string, call: ProbedCall): void {
    let answers = 0;
    let ended = false;
    const heard = (party: Party, gone: boolean) => {
      if (ended || this.calls.get(callId) !== call) return;
      if (gone) {
        ended = true;
        this.hangUp(callId, party === call.caller ? call.callee : call.caller);
        return;
      }
      if (++answers < 2) return;
      call.probing = false;
      call.quietSince = this.now();
    };
    for (const party of [call.caller, call.callee]) {
      this.send(callId, party, 'OPTIONS', party.cseq, (status) => heard(party, GONE.has(status)));
    }
  }

  /** The other party left: the one still there gets BYE in its name, and the call ends. */
  private hangUp(callId: string, survivor: Party): void {
    this.calls.delete(callId);
    this.send(callId, survivor, 'BYE', survivor.cseq + 1, () => undefined);
    this.deps.dialogs.callEnded(callId);
  }

  /** One request inside the dialog; `done` gets its status, 408 for no answer or no connection. */
  private send(
    callId: string,
    party: Party,
    method: string,
    cseq: number,
    done: (status: number) => void,
  ): void {
    const headers = new SipHeaders()
      .set('via', this.deps.identity.via(party.flow, newBranch()))
      .set('max-forwards', '70')
      .set('from', party.peer)
      .set('to', party.self)
      .set('call-id', callId)
      .set('cseq', `${cseq} ${method}`);
    if (party.routes.length > 0) headers.set('route', party.routes);
    const request = new SipRequest(method, copyUri(party.target), headers);
    const guarded = (status: number) => {
      try {
        done(status);
      } catch (error) {
        this.deps.barrier?.caught(error, { callId, in: `call probe ${method}` });
      }
    };
    this.deps.transactions.sendRequest(request, party.flow, {
      onResponse: (response) => {
        if (response.status >= 200) guarded(response.status);
      },
      onTimeout: () => guarded(408),
      onTransportError: () => guarded(408),
    });
  }
}
