import { describe, expect, it } from 'vitest';
import { readCallStats } from './call-stats';
import { estimateMos, mosFromR, qualityLevel } from './mos';

describe('estimated MOS (simplified E-model)', () => {
  it('a clean LAN call is about 4.4: R = 93.2 − 10/40', () => {
    expect(estimateMos({ rttMs: 0, jitterMs: 0, lossPercent: 0 })).toBeCloseTo(mosFromR(92.95), 5);
    expect(estimateMos({})).toBeCloseTo(4.4, 2);
    expect(qualityLevel(estimateMos({ rttMs: 20, jitterMs: 2 }))).toBe('good');
  });

  it('delay counts lightly up to 160 ms one way, then steeply', () => {
    // d = 300/2 + 0 + 10 = 160 → Id = (160 − 120)/10 = 4
    expect(estimateMos({ rttMs: 300 })).toBeCloseTo(mosFromR(89.2), 5);
    // d = 800/2 + 2·20 + 10 = 450 → Id = 33
    expect(estimateMos({ rttMs: 800, jitterMs: 20 })).toBeCloseTo(mosFromR(60.2), 5);
    expect(qualityLevel(estimateMos({ rttMs: 800, jitterMs: 20 }))).toBe('poor');
  });

  it('loss impairs by Ie_eff = 95·loss/(loss + 25.1)', () => {
    const ie = (95 * 5) / (5 + 25.1);
    expect(estimateMos({ lossPercent: 5 })).toBeCloseTo(mosFromR(93.2 - 0.25 - ie), 5);
    expect(qualityLevel(estimateMos({ lossPercent: 5 }))).toBe('fair');
    expect(qualityLevel(estimateMos({ lossPercent: 12 }))).toBe('poor');
  });

  it('stays within 1 and 4.5 whatever it is given', () => {
    expect(mosFromR(-20)).toBe(1);
    expect(mosFromR(120)).toBe(4.5);
    expect(estimateMos({ rttMs: 10_000, jitterMs: 1000, lossPercent: 100 })).toBe(1);
    expect(estimateMos({ rttMs: -5, lossPercent: -1 })).toBeCloseTo(4.4, 2);
  });
});

describe('reading getStats()', () => {
  const report = (lost: number, received: number) => [
    {
      type: 'inbound-rtp',
      kind: 'audio',
      jitter: 0.012,
      packetsLost: lost,
      packetsReceived: received,
    },
    { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.08, fractionLost: 0.01 },
    { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.5 },
  ];

  it('round trip from RTCP, jitter received, loss since the previous read (the worse side)', () => {
    const first = readCallStats(report(0, 100));
    expect(first.sample).toEqual({ rttMs: 80, jitterMs: 12, lossPercent: 1 });
    const second = readCallStats(report(10, 190), first.counters);
    expect(second.sample.lossPercent).toBeCloseTo(10, 5);
    expect(second.counters).toEqual({ lost: 10, received: 190 });
  });

  it('falls back to the ICE pair round trip; nothing measured gives an empty sample', () => {
    const pair = {
      type: 'candidate-pair',
      nominated: true,
      state: 'succeeded',
      currentRoundTripTime: 0.05,
    };
    expect(readCallStats([pair]).sample).toEqual({ rttMs: 50 });
    expect(readCallStats([{ type: 'codec' }])).toEqual({ sample: {} });
  });
});
