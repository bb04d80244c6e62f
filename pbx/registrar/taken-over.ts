/**
 * Registrations dropped by a take-over ("Use here instead", or "newest device wins"), by SIP
 * number and Call-ID (SPEC §3). A softphone is told and stops; an IP phone is not told and
 * refreshes with the same Call-ID, so with "newest device wins" it would take the place back and
 * the two would drop each other in turn. Such a refresh is refused instead (device-limit) while
 * it keeps coming within `keepMs`; a new registration (a new Call-ID, as a restart or a softphone's
 * "Use here instead" makes) is not held back.
 */
export class TakenOverRegistrations {
  /** `number \n callId` → until when it is held back; insertion order is age order. */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly keepMs = 3600_000,
    private readonly limit = 10_000,
  ) {}

  remember(sipNumber: string, callId: string, now: number): void {
    const key = `${sipNumber}\n${callId}`;
    this.until.delete(key);
    this.until.set(key, now + this.keepMs);
    if (this.until.size > this.limit) {
      const oldest = this.until.keys().next();
      if (!oldest.done) this.until.delete(oldest.value);
    }
  }

  /** Whether this registration was taken over; a refusal keeps it held back for `keepMs` more. */
  heldBack(sipNumber: string, callId: string, now: number): boolean {
    const key = `${sipNumber}\n${callId}`;
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until <= now) {
      this.until.delete(key);
      return false;
    }
    this.remember(sipNumber, callId, now);
    return true;
  }

  get size(): number {
    return this.until.size;
  }
}
