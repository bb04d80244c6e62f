/** RFC 3261 §17 timer base values and the single-setTimeout slots every transaction uses. */

export interface TimerValues {
  /** RTT estimate, default 500 ms. */
  T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  T2: number;
  /** Maximum duration a message stays in the network, default 5 s. */
  T4: number;
}

export const DEFAULT_TIMERS: Readonly<TimerValues> = { T1: 500, T2: 4000, T4: 5000 };

/** Timer D's floor on unreliable transports (RFC 3261 §17.1.1.2: "at least 32 seconds"). */
export const TIMER_D_UNRELIABLE = 32_000;

export function resolveTimers(timers?: Partial<TimerValues>): TimerValues {
  return { ...DEFAULT_TIMERS, ...timers };
}

type Handle = ReturnType<typeof setTimeout>;

/**
 * Two timer slots per transaction: one retransmission timer (A, E, G) and one lifetime timer
 * (B, D, F, H, I, J, K, L, M). Re-arming a slot clears what it held.
 */
export class TimerSlots {
  private retransmitHandle: Handle | undefined;
  private lifetimeHandle: Handle | undefined;

  /** `onFault`: a timer's work threw (its fault barrier: the process goes on). */
  constructor(private readonly onFault: (error: unknown) => void) {}

  retransmit(ms: number, fire: () => void): void {
    if (this.retransmitHandle !== undefined) clearTimeout(this.retransmitHandle);
    this.retransmitHandle = setTimeout(() => {
      this.retransmitHandle = undefined;
      this.run(fire);
    }, ms);
  }

  lifetime(ms: number, fire: () => void): void {
    if (this.lifetimeHandle !== undefined) clearTimeout(this.lifetimeHandle);
    this.lifetimeHandle = setTimeout(() => {
      this.lifetimeHandle = undefined;
      this.run(fire);
    }, ms);
  }

  private run(fire: () => void): void {
    try {
      fire();
    } catch (error) {
      this.onFault(error);
    }
  }

  stopRetransmit(): void {
    if (this.retransmitHandle !== undefined) clearTimeout(this.retransmitHandle);
    this.retransmitHandle = undefined;
  }

  stopAll(): void {
    this.stopRetransmit();
    if (this.lifetimeHandle !== undefined) clearTimeout(this.lifetimeHandle);
    this.lifetimeHandle = undefined;
  }
}
