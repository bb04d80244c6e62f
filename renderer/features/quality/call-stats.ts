import type { QualitySample } from './mos';

/** Cumulative packet counters of the audio we receive, to measure loss between two reads. */
export interface ReceiveCounters {
  lost: number;
  received: number;
}

/** One read of `getStats()`: the sample, and the counters for the next read. */
export interface StatsRead {
  sample: QualitySample;
  counters?: ReceiveCounters;
}

type Stat = Record<string, unknown> & { type: string };

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

const isAudio = (stat: Stat) => stat.kind === 'audio' || stat.mediaType === 'audio';

/**
 * The quality figures of a call from its WebRTC statistics: round trip from RTCP (or the
 * ICE pair in use), jitter of the audio received, loss since the previous read in the
 * direction we receive and as the other side reports it for what we send, the worse of both.
 */
export function readCallStats(stats: Iterable<Stat>, previous?: ReceiveCounters): StatsRead {
  const all = [...stats];
  const inbound = all.find((s) => s.type === 'inbound-rtp' && isAudio(s));
  const remote = all.find((s) => s.type === 'remote-inbound-rtp' && isAudio(s));
  const pair = all.find(
    (s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded',
  );
  const rtt = num(remote?.roundTripTime) ?? num(pair?.currentRoundTripTime);
  const jitter = num(inbound?.jitter);

  const lost = num(inbound?.packetsLost);
  const received = num(inbound?.packetsReceived);
  const counters = lost !== undefined && received !== undefined ? { lost, received } : undefined;
  const losses: number[] = [];
  if (counters) {
    const dLost = Math.max(0, counters.lost - (previous?.lost ?? 0));
    const dReceived = Math.max(0, counters.received - (previous?.received ?? 0));
    if (dLost + dReceived > 0) losses.push((100 * dLost) / (dLost + dReceived));
  }
  const fraction = num(remote?.fractionLost);
  if (fraction !== undefined) losses.push(100 * fraction);

  const sample: QualitySample = {};
  if (rtt !== undefined) sample.rttMs = rtt * 1000;
  if (jitter !== undefined) sample.jitterMs = jitter * 1000;
  if (losses.length > 0) sample.lossPercent = Math.max(...losses);
  return counters ? { sample, counters } : { sample };
}

/** The report's entries as plain records (an RTCStatsReport is a map of them). */
export function statsOf(report: RTCStatsReport): Stat[] {
  const entries: Stat[] = [];
  report.forEach((value: unknown) => {
    if (typeof value === 'object' && value !== null && 'type' in value) entries.push(value as Stat);
  });
  return entries;
}
