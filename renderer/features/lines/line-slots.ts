/** The lines of the number as the panel and the dialer see them: pure, from the store's data. */
import type { CallInfo } from '../../sip/types';

export interface LineSlot {
  line: number;
  /** The call on the line, if any (an ended one only until it leaves the lines). */
  call?: CallInfo;
}

/** A call that holds a channel: anything but ended. */
export const isLive = (call: CallInfo): boolean => call.state !== 'ended';

/**
 * Lines 1..channels, each with its call, plus any line above that a call is on. Without the
 * channel count (the API unavailable) only the lines in use.
 */
export function lineSlots(calls: readonly CallInfo[], channels: number | undefined): LineSlot[] {
  const byLine = new Map<number, CallInfo>();
  for (const call of calls) {
    const there = byLine.get(call.line);
    // A live call wins over an ended one still shown on the same line.
    if (!there || (!isLive(there) && isLive(call))) byLine.set(call.line, call);
  }
  const lines = new Set(byLine.keys());
  for (let line = 1; line <= (channels ?? 0); line++) lines.add(line);
  return [...lines]
    .sort((a, b) => a - b)
    .map((line) => {
      const call = byLine.get(line);
      return call ? { line, call } : { line };
    });
}

/** Every channel of the number is taken by a call on this device: no new outgoing call. */
export function linesFull(calls: readonly CallInfo[], channels: number | undefined): boolean {
  return channels !== undefined && calls.filter(isLive).length >= channels;
}

/** What the device should sound for ringing calls. */
export type RingSound = { kind: 'ringtone' | 'announcement'; callId: string } | undefined;

/**
 * A ringing call rings in full on a device with no call in progress; on a device that is in a
 * call (connected, held or dialling) it is announced quietly instead, whatever the PBX marked.
 */
export function ringSound(calls: readonly CallInfo[]): RingSound {
  const ringing = calls.find((c) => c.state === 'ringing');
  if (!ringing) return undefined;
  const busy = calls.some((c) => isLive(c) && c.state !== 'ringing');
  return { kind: busy ? 'announcement' : 'ringtone', callId: ringing.id };
}
