/** The range of a SIP number's channels (SPEC §3). */
export const MIN_CHANNELS = 1;
export const MAX_CHANNELS = 10;

export type ChannelDecision =
  /** The call takes `line`; `waiting` when another call of the number is in progress. */
  { admit: true; line: number; waiting: boolean } | { admit: false };

/**
 * Whether one more call fits a number with `channels` channels whose calls hold `linesInUse`,
 * and on which line: the lowest free one. Channels lowered during calls end no call; the
 * next one is refused until enough have ended.
 */
export function takeChannel(channels: number, linesInUse: readonly number[]): ChannelDecision {
  if (linesInUse.length >= channels) return { admit: false };
  const used = new Set(linesInUse);
  let line = 1;
  while (used.has(line)) line += 1;
  return { admit: true, line, waiting: linesInUse.length > 0 };
}

/**
 * The line an emergency call takes (SPEC §3): never refused for channels, it gets the lowest
 * line not in use, beyond the number's channels when every one of them is taken.
 */
export function takeEmergencyChannel(linesInUse: readonly number[]): ChannelDecision {
  return takeChannel(Infinity, linesInUse);
}
