import {
  takeChannel,
  takeEmergencyChannel,
  type ChannelDecision,
} from '../../shared/sip-number-rules';

interface HeldLine {
  line: number;
  /** The binding key of the number's device in the call, once known. */
  device?: string;
}

/**
 * The channels SIP numbers' calls hold right now: per number, Call-ID → line. A call holds a
 * channel of each SIP number on it (caller and callee) from INVITE to its end, one per call
 * however many devices ring (SPEC §3).
 */
export class ChannelTable {
  private readonly byNumber = new Map<string, Map<string, HeldLine>>();

  /** The lines a number's calls hold now. */
  linesInUse(sipNumber: string): number[] {
    return [...(this.byNumber.get(sipNumber)?.values() ?? [])].map((held) => held.line);
  }

  /** The number's devices (binding keys) that are in one of its calls now. */
  busyDevices(sipNumber: string): Set<string> {
    const keys = [...(this.byNumber.get(sipNumber)?.values() ?? [])].map((held) => held.device);
    return new Set(keys.filter((key) => key !== undefined));
  }

  /** The device of the number that is in the call: the one that dialled, or that answered. */
  setDevice(sipNumber: string, callId: string, device: string | undefined): void {
    const held = this.byNumber.get(sipNumber)?.get(callId);
    if (held) held.device = device;
  }

  /** The line a call holds of the number, if any. */
  lineOf(sipNumber: string, callId: string): number | undefined {
    return this.byNumber.get(sipNumber)?.get(callId)?.line;
  }

  /** What taking one more channel would give; takes nothing. */
  check(sipNumber: string, channels: number): ChannelDecision {
    return takeChannel(channels, this.linesInUse(sipNumber));
  }

  /** The line an emergency call takes: one beyond the limit when all are taken (SPEC §3). */
  checkEmergency(sipNumber: string): ChannelDecision {
    return takeEmergencyChannel(this.linesInUse(sipNumber));
  }

  /** The call holds `line` of the number. */
  hold(sipNumber: string, callId: string, line: number): void {
    let calls = this.byNumber.get(sipNumber);
    if (!calls) {
      calls = new Map();
      this.byNumber.set(sipNumber, calls);
    }
    calls.set(callId, { line });
  }

  /**
   * A call that ends another (transfer: `Replaces`, `Referred-By`) takes over its line, so a
   * transfer works with one channel. Returns the line, or undefined when the other call holds
   * none of this number.
   */
  takeOver(sipNumber: string, callId: string, endedCallId: string): number | undefined {
    const calls = this.byNumber.get(sipNumber);
    const held = calls?.get(endedCallId);
    if (!calls || !held) return undefined;
    calls.delete(endedCallId);
    calls.set(callId, held);
    return held.line;
  }

  release(sipNumber: string, callId: string): void {
    const calls = this.byNumber.get(sipNumber);
    if (!calls?.delete(callId)) return;
    if (calls.size === 0) this.byNumber.delete(sipNumber);
  }
}
