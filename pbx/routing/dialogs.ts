import type { CallResult, Store } from '../store/store';

/** A call between two SIP numbers, from INVITE until BYE or a final failure. */
export interface TrackedCall {
  callId: string;
  callerNumber: string;
  calleeNumber: string;
  recordId: number;
  state: 'early' | 'confirmed';
  startedAt: number;
}

export interface CallStart {
  callId: string;
  companyId: number;
  callerNumber: string;
  callerName: string | null;
  calleeNumber: string;
  calleeName: string | null;
  callerDevice: string;
}

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

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

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
    const recordId = this.store.callRecords.insert({ ...start, startedAt });
    const call: TrackedCall = {
      callId: start.callId,
      callerNumber: start.callerNumber,
      calleeNumber: start.calleeNumber,
      recordId,
      state: 'early',
      startedAt,
    };
    this.calls.set(start.callId, call);
    return call;
  }

  /** Also revives a call given up as unanswered whose 2xx crossed the CANCEL. */
  callAnswered(call: TrackedCall, calleeDevice: string | null): void {
    if (call.state === 'confirmed') return;
    call.state = 'confirmed';
    this.calls.set(call.callId, call);
    this.store.callRecords.markAnswered(call.recordId, this.now(), calleeDevice);
  }

  /** The call failed or was cancelled before it was answered. */
  callFailed(call: TrackedCall, status: number, cancelled: boolean): void {
    if (call.state === 'confirmed') return;
    this.calls.delete(call.callId);
    this.store.callRecords.markEnded(
      call.recordId,
      this.now(),
      failureResult(status, cancelled),
      status,
    );
  }

  /** A BYE ended the dialog. */
  callEnded(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.calls.delete(callId);
    this.store.callRecords.markEnded(call.recordId, this.now(), 'answered', 200);
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
        this.store.callRecords.markEnded(
          call.recordId,
          now,
          call.state === 'confirmed' ? 'answered' : 'failed',
          null,
        );
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
