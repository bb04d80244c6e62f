import type { CallResult, NewCallRecord, Store } from '../store/store';

/** A call between two SIP numbers, from INVITE until BYE or a final failure. */
export interface TrackedCall {
  callId: string;
  callerNumber: string;
  calleeNumber: string;
  /** The call record's id, known once the queued insert has been written. */
  recordId?: number;
  state: 'early' | 'confirmed';
  startedAt: number;
}

/** A new call record, less what the tracker fills in itself. */
export type CallStart = Omit<NewCallRecord, 'startedAt' | 'calleeDevice'>;

/** Confirmed dialogs without BYE are forgotten after this long (a device that vanished). */
const MAX_DIALOG_AGE_MS = 12 * 3600_000;

/**
 * The dialogs the PBX routes and the call records they leave. In-dialog requests are
 * routed only for Call-IDs known here. Later issues count channels from these calls.
 */
export class DialogTracker {
  private readonly calls = new Map<string, TrackedCall>();
  /** Non-INVITE dialogs (SUBSCRIBE, REFER) routable until the given time. */
  private readonly others = new Map<string, number>();

  private readonly writes: (() => void)[] = [];
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    /** Call records are written in batches, one transaction per batch (0: at once). */
    private readonly batchMs = 20,
  ) {}

  /** Writes every queued call-record change now (shutdown, tests). */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const writes = this.writes.splice(0);
    if (writes.length > 0) this.store.transaction(() => writes.forEach((write) => write()));
  }

  /** Queues a call-record write; under load one commit serves many calls. */
  private write(change: () => void): void {
    this.writes.push(change);
    if (this.batchMs === 0) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.batchMs);
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

  callStarted(start: CallStart): TrackedCall {
    const startedAt = this.now();
    const call: TrackedCall = {
      callId: start.callId,
      callerNumber: start.callerNumber,
      calleeNumber: start.calleeNumber,
      state: 'early',
      startedAt,
    };
    this.write(() => {
      call.recordId = this.store.callRecords.insert({ ...start, startedAt });
    });
    this.calls.set(start.callId, call);
    return call;
  }

  /** Also revives a call given up as unanswered whose 2xx crossed the CANCEL. */
  callAnswered(call: TrackedCall, calleeDevice: string | null): void {
    if (call.state === 'confirmed') return;
    call.state = 'confirmed';
    this.calls.set(call.callId, call);
    const at = this.now();
    this.write(() => this.store.callRecords.markAnswered(call.recordId ?? 0, at, calleeDevice));
  }

  /** The call failed or was cancelled before it was answered. */
  callFailed(call: TrackedCall, status: number, cancelled: boolean): void {
    if (call.state === 'confirmed') return;
    this.calls.delete(call.callId);
    this.markEnded(call, failureResult(status, cancelled), status);
  }

  /** A BYE ended the dialog. */
  callEnded(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.calls.delete(callId);
    this.markEnded(call, 'answered', 200);
  }

  private markEnded(call: TrackedCall, result: CallResult, status: number | null): void {
    const at = this.now();
    this.write(() => this.store.callRecords.markEnded(call.recordId ?? 0, at, result, status));
  }

  /** Lets in-dialog requests of a non-INVITE dialog through for `seconds`. */
  allowDialog(callId: string, seconds: number): void {
    this.others.set(callId, this.now() + seconds * 1000);
  }

  /** Forgets dialogs that can no longer be live; run now and then. */
  sweep(): void {
    const now = this.now();
    for (const [callId, until] of this.others) if (until <= now) this.others.delete(callId);
    for (const [callId, call] of this.calls) {
      if (now - call.startedAt > MAX_DIALOG_AGE_MS) {
        this.calls.delete(callId);
        this.markEnded(call, call.state === 'confirmed' ? 'answered' : 'failed', null);
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
