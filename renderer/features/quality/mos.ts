/** What the quality indicator shows of a call: measured, or undefined while not known. */
export interface QualitySample {
  /** Round-trip time, ms. */
  rttMs?: number;
  /** Interarrival jitter of the audio we receive, ms. */
  jitterMs?: number;
  /** Packets lost, percent, the worse of the two directions. */
  lossPercent?: number;
}

export type QualityLevel = 'good' | 'fair' | 'poor';

/** G.711 with packet-loss concealment (ITU-T G.113): no codec impairment, robustness 25.1. */
const IE = 0;
const BPL = 25.1;

/**
 * An estimated MOS (1–4.5) by a simplified E-model (ITU-T G.107):
 * R = 93.2 − Id − Ie_eff, with d = rtt/2 + 2·jitter + 10 ms, Id = d/40 (d < 160) else (d − 120)/10,
 * Ie_eff = Ie + (95 − Ie)·loss/(loss + Bpl); MOS = 1 + 0.035R + 7·10⁻⁶·R(R − 60)(100 − R).
 */
export function estimateMos({ rttMs = 0, jitterMs = 0, lossPercent = 0 }: QualitySample): number {
  const delay = Math.max(0, rttMs) / 2 + 2 * Math.max(0, jitterMs) + 10;
  const id = delay < 160 ? delay / 40 : (delay - 120) / 10;
  const loss = Math.min(100, Math.max(0, lossPercent));
  const ieEff = IE + ((95 - IE) * loss) / (loss + BPL);
  return mosFromR(93.2 - id - ieEff);
}

/** The MOS of a transmission rating R (ITU-T G.107 Annex B). */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

/** Good from 4.0 (toll quality), fair from 3.6 (some users dissatisfied), poor below. */
export function qualityLevel(mos: number): QualityLevel {
  if (mos >= 4) return 'good';
  if (mos >= 3.6) return 'fair';
  return 'poor';
}
