import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { estimateMos, qualityLevel } from './mos';
import { useCallQuality } from './use-call-quality';

/**
 * A small good/fair/poor indicator of a call in progress, named for screen readers, with
 * round trip, jitter, loss and the estimated MOS on hover or focus (Escape hides them).
 */
export function CallQuality({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const sample = useCallQuality(callId);
  const [open, setOpen] = useState(false);
  if (!sample) return null;
  const mos = estimateMos(sample);
  const level = qualityLevel(mos);
  const details = [
    t('desktop.quality.mos', { mos: mos.toFixed(1) }),
    sample.rttMs !== undefined && t('desktop.quality.rtt', { ms: Math.round(sample.rttMs) }),
    sample.jitterMs !== undefined &&
      t('desktop.quality.jitter', { ms: Math.round(sample.jitterMs) }),
    sample.lossPercent !== undefined &&
      t('desktop.quality.loss', { percent: sample.lossPercent.toFixed(1) }),
  ].filter((line): line is string => typeof line === 'string');
  return (
    <div
      className="call-quality"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
    >
      <button
        type="button"
        className={`quality-indicator quality-${level}`}
        aria-label={t('desktop.quality.label', { level: t(`desktop.quality.${level}`) })}
        aria-describedby={`${id}-details`}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}
      >
        <span className="bars" aria-hidden="true">
          <span />
          <span />
          <span />
        </span>
      </button>
      <ul id={`${id}-details`} role="tooltip" className="quality-details" hidden={!open}>
        {details.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
