import { useEffect, useState } from 'react';
import { useServices } from '../../app/services';
import { readCallStats, statsOf, type ReceiveCounters } from './call-stats';
import type { QualitySample } from './mos';

/** How often the indicator reads the call's statistics. */
export const QUALITY_INTERVAL_MS = 2000;

/** The call's quality figures, read every 2 s; undefined until something was measured. */
export function useCallQuality(callId: string): QualitySample | undefined {
  const { adapter } = useServices();
  const [sample, setSample] = useState<QualitySample>();
  useEffect(() => {
    let counters: ReceiveCounters | undefined;
    let stopped = false;
    const read = async () => {
      const report = await adapter.callStats(callId);
      if (stopped || !report) return;
      const next = readCallStats(statsOf(report), counters);
      counters = next.counters ?? counters;
      if (Object.keys(next.sample).length > 0) setSample(next.sample);
    };
    void read();
    const timer = setInterval(() => void read(), QUALITY_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [adapter, callId]);
  return sample;
}
