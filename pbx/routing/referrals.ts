/** How long a REFER's recipient has to send the INVITE it asks for, from the `202`. */
export const REFERRAL_MS = 32_000;
/** Referrals remembered at most; the oldest goes first. */
export const MAX_REFERRALS = 10_000;

/** A REFER the PBX routed and its recipient accepted (SPEC §3 channels: transfers). */
export interface Referral {
  /** The SIP number the REFER was sent to: the transferee. */
  transferee: string;
  /** The flow the REFER went out on: the transferee's one device. */
  flowId: string;
  /** The Refer-To URI's user: what the transferee is to call. */
  target: string;
  /** The dialog the REFER came in, whose line the transfer's INVITE takes over. */
  callId: string;
}

interface Remembered extends Referral {
  until: number;
}

/**
 * The REFERs routed in the last 32 s, so the INVITE a REFER caused is recognised by who sends
 * it, from where and to whom, whatever it carries (`Referred-By` or not).
 */
export class ReferralTable {
  /** Insertion order is age order: the cap drops from the front. */
  private readonly entries = new Map<number, Remembered>();
  private nextId = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly cap = MAX_REFERRALS,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The REFER's `2xx` passed back: the transferee has 32 s from now. */
  remember(referral: Referral): void {
    if (this.entries.size >= this.cap) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(this.nextId++, { ...referral, until: this.now() + REFERRAL_MS });
  }

  /** The first live referral this INVITE answers, without using it up. */
  find(
    transferee: string,
    flowId: string,
    target: string,
  ): (Referral & { id: number }) | undefined {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.until <= now) continue;
      if (entry.transferee === transferee && entry.flowId === flowId && entry.target === target) {
        return { ...entry, id };
      }
    }
    return undefined;
  }

  /** The transfer's INVITE was routed: this referral has had its INVITE. */
  use(id: number): void {
    this.entries.delete(id);
  }

  /** Forgets expired referrals (run every second). */
  sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.until <= now) this.entries.delete(id);
    }
  }
}
