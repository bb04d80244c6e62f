import { takeChannel, type ChannelDecision } from '../../shared/sip-number-rules';

/**
 * The channels SIP numbers' calls hold right now: per number, Call-ID → line. A call holds a
 * channel of each SIP number on it (caller and callee) from INVITE to its end, one per call
 * however many devices ring (SPEC §3).
 */
export class ChannelTable {
  private readonly byNumber = new Map<string, Map<string, number>>();

  /** The lines a number's calls hold now. */
  linesInUse(sipNumber: string): number[] {
    return [...(this.byNumber.get(sipNumber)?.values() ?? [])];
  }

  /** The line a call holds of the number, if any. */
  lineOf(sipNumber: string, callId: string): number | undefined {
    return this.byNumber.get(sipNumber)?.get(callId);
  }

  /** What taking one more channel would give; takes nothing. */
  check(sipNumber: string, channels: number): ChannelDecision {
    return takeChannel(channels, this.linesInUse(sipNumber));
  }

  /** The call holds `line` of the number. */
  hold(sipNumber: string, callId: string, line: number): void {
    let calls = this.byNumber.get(sipNumber);
    if (!calls) {
      calls = new Map();
      this.byNumber.set(sipNumber, calls);
    }
    calls.set(callId, line);
  }

  /**
   * A call that ends another (transfer: `Replaces`, `Referred-By`) takes over its line, so a
   * transfer works with one channel. Returns the line, or undefined when the other call holds
   * none of this number.
   */
  takeOver(sipNumber: string, callId: string, endedCallId: string): number | undefined {
    const calls = this.byNumber.get(sipNumber);
    const line = calls?.get(endedCallId);
    if (!calls || line === undefined) return undefined;
    calls.delete(endedCallId);
    calls.set(callId, line);
    return line;
  }

  release(sipNumber: string, callId: string): void {
    const calls = this.byNumber.get(sipNumber);
    if (!calls?.delete(callId)) return;
    if (calls.size === 0) this.byNumber.delete(sipNumber);
  }
}
