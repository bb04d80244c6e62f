import { isHoldOffer } from '../media/sdp-direction';
import type { SipRequest } from '../sip/message';
import { ownString } from '../sip/own-string';
import type { CallAdmission } from '../directory';
import type { CallResult, NewCallRecord } from '../store/store';
import type { QueuedWrite, WriteQueue } from '../store/write-behind';
import type { BranchMedia } from './proxy-call';
import { ChannelTable } from './channels';
import { ReferralTable } from './referrals';
import { ReliableProvisionals } from './reliable-provisionals';

/** What the media bridge holds for a call: rewrites inside the dialog, released at its end. */
export interface CallMedia {
  /** The rewriting for an in-dialog request (re-INVITE, UPDATE), when the call is bridged. */
  inDialog?(request: SipRequest): BranchMedia | undefined;
  /** Rewrites the answer an ACK carries (late offer), when the call is bridged. */
  ackAnswer?(ack: SipRequest): Promise<void>;
  release(): void;
}

/** A call between two SIP numbers, from INVITE until BYE or a final failure. */
export interface TrackedCall {
  callId: string;
  companyId: number;
  callerNumber: string;
  calleeNumber: string;
  /** The call record's id, known once the queued insert has been written. */
  recordId?: number;
  state: 'early' | 'confirmed';
  /**
   * Before the callee's side answered with a tag (RFC 4235 §3.7.1): `trying` until any
   * provisional, `proceeding` after one without a To tag; unset once one with a tag came.
   */
  progress?: 'trying' | 'proceeding';
  startedAt: number;
  /** The lines the call holds on the caller's and the callee's number (SPEC §3 channels). */
  callerLine?: number;
  calleeLine?: number;
  /** RFC 4028: the session ends unless refreshed by then. */
  sessionExpiresAt?: number;
  /** Set when the call's media goes through the bridge; released whenever the call ends. */
  media?: CallMedia;
  /** The SIP numbers of the call that have put it on hold (their last offer sends no audio). */
  heldBy?: string[];
}

/**
 * Told of every change of a tracked call: started, answered, held or resumed, ended, and
 * (`progressOnly`) the caller's side trying → proceeding → early, which changes nothing for the callee.
 */
export type CallWatcher = (call: TrackedCall, ended: boolean, progressOnly?: boolean) => void;

/** A new call record, less what the tracker fills in itself. */
export type CallStart = Omit<NewCallRecord, 'startedAt' | 'calleeDevice'>;

/** Confirmed dialogs without BYE or session timer are forgotten after this long. */
const MAX_DIALOG_AGE_MS = 12 * 3600_000;

/**
 * The dialogs the PBX routes and the call records they leave. In-dialog requests are
 * routed only for Call-IDs known here, and a call holds its channels while it is tracked:
 * every way a call ends (failure, CANCEL, BYE, session timer, age) goes through `forget`.
 */
export class DialogTracker {
  readonly channels = new ChannelTable();
  private readonly calls = new Map<string, TrackedCall>();
  /** REFERs accepted in the last 32 s, whose INVITE takes over the transferee's line. */
  readonly referrals: ReferralTable;
  /** 18x the PBX made reliable toward callers that require 100rel, until PRACKed. */
  readonly reliable = new ReliableProvisionals();
  /** Non-INVITE dialogs (SUBSCRIBE, REFER) routable until the given time. */
  private readonly others = new Map<string, number>();
  /** The source address of each dialog a device's request created, and how many per address. */
  private readonly sourceOf = new Map<string, string>();
  private readonly perSource = new Map<string, number>();

  /** Calls in progress per company, for its concurrent-call quota. */
  private readonly perCompany = new Map<number, number>();
  /** Who hears of call changes: the `dialog` event package (pbx/presence/). */
  private readonly watchers = new Set<CallWatcher>();

  constructor(
    /** Call records go through the write-behind queue: batched, never awaited here. */
    private readonly writes: WriteQueue,
    private readonly now: () => number = Date.now,
    /** Refuses a new call over its company's quota (pbx/directory/tenancy.ts). */
    private readonly admitCall?: (call: CallAdmission, active: number) => void,
    /** The server's name on its call records, so its restart closes what it left open. */
    private readonly node?: string,
  ) {
    this.referrals = new ReferralTable(now);
  }

  /** Writes every queued call-record change now (shutdown, tests). */
  flush(): Promise<void> {
    return this.writes.flush();
  }

  /** Writes what is queued and stops writing: the PBX is stopping and the store closes next. */
  close(): Promise<void> {
    return this.writes.close();
  }

  /** Queues a call-record write; under load one commit serves many calls. */
  private write(change: QueuedWrite): void {
    this.writes.enqueue(change);
  }

  /** `watcher` hears of every call change from now on; returns the way to stop. */
  watch(watcher: CallWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private changed(call: TrackedCall, ended = false, progressOnly = false): void {
    for (const watcher of this.watchers) watcher(call, ended, progressOnly);
  }

  /** The calls a SIP number is in now, as caller or callee, oldest first. */
  callsOf(sipNumber: string): TrackedCall[] {
    const calls: TrackedCall[] = [];
    for (const call of this.calls.values()) {
      if (call.callerNumber === sipNumber || call.calleeNumber === sipNumber) calls.push(call);
    }
    return calls;
  }

  /**
   * An offer inside the call (re-INVITE or UPDATE) by `sipNumber` was answered 2xx: it holds or
   * resumes the call. The one way hold reaches presence, for proxied and back-to-back calls alike.
   */
  offerAccepted(callId: string, sipNumber: string | undefined, offerSdp: string | undefined): void {
    if (offerSdp === undefined || !sipNumber) return;
    this.holdChanged(callId, sipNumber, isHoldOffer(offerSdp));
  }

  /** `sipNumber` put the call on hold (`held`) or resumed it. */
  holdChanged(callId: string, sipNumber: string, held: boolean): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const others = (call.heldBy ?? []).filter((number) => number !== sipNumber);
    const heldBy = held ? [...others, sipNumber] : others;
    if (heldBy.length === (call.heldBy?.length ?? 0)) return;
    call.heldBy = heldBy;
    this.changed(call);
  }

  /** Calls of a company in progress now. */
  activeCalls(companyId: number): number {
    return this.perCompany.get(companyId) ?? 0;
  }

  private track(call: TrackedCall): void {
    if (!this.calls.has(call.callId)) {
      this.perCompany.set(call.companyId, this.activeCalls(call.companyId) + 1);
    }
    this.calls.set(call.callId, call);
  }

  get size(): number {
    return this.calls.size;
  }

  knows(callId: string): boolean {
    if (this.calls.has(callId)) return true;
    const until = this.others.get(callId);
    return until !== undefined && until > this.now();
  }

  get(callId: string): TrackedCall | undefined {
    return this.calls.get(callId);
  }

  /** Dialogs open that requests from this address created (issue 20: bounded per address). */
  dialogsFrom(address: string): number {
    return this.perSource.get(address) ?? 0;
  }

  /** `source`: the address of the device whose request it is (unset: the PBX's or the carrier's). */
  callStarted(start: CallStart, source?: string): TrackedCall {
    this.admitCall?.(start, this.activeCalls(start.companyId));
    const startedAt = this.now();
    const call: TrackedCall = {
      // Its own copy: a slice would keep the whole INVITE for as long as the call lasts.
      callId: ownString(start.callId),
      companyId: start.companyId,
      callerNumber: start.callerNumber,
      calleeNumber: start.calleeNumber,
      state: 'early',
      progress: 'trying',
      startedAt,
    };
    this.write(async (tx) => {
      call.recordId = await tx.callRecords.insert({ ...start, startedAt, node: this.node });
    });
    this.track(call);
    if (source !== undefined) this.countSource(call.callId, source);
    this.changed(call);
    return call;
  }

  /** The call holds a line of its caller's and of its callee's number. */
  holdLines(
    call: TrackedCall,
    callerLine: number | undefined,
    calleeLine: number | undefined,
  ): void {
    call.callerLine = callerLine;
    call.calleeLine = calleeLine;
    if (callerLine !== undefined) this.channels.hold(call.callerNumber, call.callId, callerLine);
    if (calleeLine !== undefined) this.channels.hold(call.calleeNumber, call.callId, calleeLine);
  }

  /** A provisional response of the callee's side: the caller's dialog proceeds, or is early. */
  callProgress(call: TrackedCall, toTag: string | undefined): void {
    if (call.state !== 'early' || call.progress === undefined) return;
    const next = toTag ? undefined : 'proceeding';
    if (next === call.progress) return;
    if (next) call.progress = next;
    else delete call.progress;
    if (this.calls.get(call.callId) === call) this.changed(call, false, true);
  }

  /** Also revives a call given up as unanswered whose 2xx crossed the CANCEL. */
  callAnswered(call: TrackedCall, calleeDevice: string | null, sessionSeconds?: number): void {
    if (call.state === 'confirmed') return;
    call.state = 'confirmed';
    delete call.progress;
    if (!this.calls.has(call.callId)) this.holdLines(call, call.callerLine, call.calleeLine);
    this.track(call);
    this.refreshSession(call.callId, sessionSeconds);
    const at = this.now();
    this.write((tx) => tx.callRecords.markAnswered(call.recordId ?? 0, at, calleeDevice));
    this.changed(call);
  }

  /** The call failed or was cancelled before it was answered. */
  callFailed(call: TrackedCall, status: number, cancelled: boolean): void {
    if (call.state === 'confirmed') return;
    this.forget(call, failureResult(status, cancelled), status);
  }

  /** A fault ended the call (docs: the fault barrier): lines, media and record are freed. */
  endByFault(call: TrackedCall): void {
    this.forget(call, 'failed', 500);
  }

  /** A BYE ended the dialog. */
  callEnded(callId: string): void {
    const call = this.calls.get(callId);
    if (call) this.forget(call, 'answered', 200);
  }

  /**
   * RFC 4028: a 2xx (to the INVITE, or to a refreshing re-INVITE or UPDATE) that carries
   * `Session-Expires` sets when the session ends unless refreshed again.
   */
  refreshSession(callId: string, seconds: number | undefined): void {
    const call = this.calls.get(callId);
    if (call && seconds !== undefined && seconds > 0) {
      call.sessionExpiresAt = this.now() + seconds * 1000;
    }
  }

  /** Ends tracking of a call and frees its channels; the record gets its result. */
  private forget(call: TrackedCall, result: CallResult, status: number | null): void {
    if (this.calls.get(call.callId) !== call) return;
    this.calls.delete(call.callId);
    const left = this.activeCalls(call.companyId) - 1;
    if (left > 0) this.perCompany.set(call.companyId, left);
    else this.perCompany.delete(call.companyId);
    this.uncountSource(call.callId);
    call.media?.release();
    this.channels.release(call.callerNumber, call.callId);
    this.channels.release(call.calleeNumber, call.callId);
    this.markEnded(call, result, status);
    this.changed(call, true);
  }

  private markEnded(call: TrackedCall, result: CallResult, status: number | null): void {
    const at = this.now();
    this.write((tx) => tx.callRecords.markEnded(call.recordId ?? 0, at, result, status));
  }

  /** Lets in-dialog requests of a non-INVITE dialog through for `seconds`. */
  allowDialog(callId: string, seconds: number, source?: string): void {
    const known = this.others.has(callId);
    this.others.set(callId, this.now() + seconds * 1000);
    if (!known && source !== undefined) this.countSource(ownString(callId), source);
  }

  private countSource(callId: string, source: string): void {
    if (this.sourceOf.has(callId)) return;
    this.sourceOf.set(callId, source);
    this.perSource.set(source, (this.perSource.get(source) ?? 0) + 1);
  }

  private uncountSource(callId: string): void {
    const source = this.sourceOf.get(callId);
    if (source === undefined) return;
    this.sourceOf.delete(callId);
    const left = (this.perSource.get(source) ?? 1) - 1;
    if (left > 0) this.perSource.set(source, left);
    else this.perSource.delete(source);
  }

  /**
   * Forgets dialogs that can no longer be live: a session not refreshed in time (its device
   * vanished; RFC 4028 §10 lets a proxy consider it ended), or one older than any call. Run
   * every second.
   */
  sweep(): void {
    const now = this.now();
    for (const [callId, until] of this.others) {
      if (until > now) continue;
      this.others.delete(callId);
      if (!this.calls.has(callId)) this.uncountSource(callId);
    }
    this.referrals.sweep();
    for (const call of [...this.calls.values()]) {
      const expired = call.sessionExpiresAt !== undefined && call.sessionExpiresAt <= now;
      if (expired || now - call.startedAt > MAX_DIALOG_AGE_MS) {
        this.forget(call, call.state === 'confirmed' ? 'answered' : 'failed', null);
      }
    }
  }
}

function failureResult(status: number, cancelled: boolean): CallResult {
  if (cancelled || status === 487) return 'cancelled';
  if (status === 486 || status === 600) return 'busy';
  if (status === 603) return 'declined';
  if (status === 480 || status === 408) return 'no-answer';
  return 'failed';
}
