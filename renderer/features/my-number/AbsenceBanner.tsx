import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/services';

/** Longest delay setTimeout takes (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Whether the time `iso` has come; renders again when it comes. */
function useHasPassed(iso: string | undefined): boolean {
  const [now, setNow] = useState(() => Date.now());
  const at = iso ? Date.parse(iso) : Number.NaN;
  useEffect(() => {
    if (!Number.isFinite(at) || at <= now) return undefined;
    const wait = Math.min(Math.max(0, at - Date.now()), MAX_DELAY_MS);
    const timer = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(timer);
  }, [at, now]);
  return Number.isFinite(at) && at <= now;
}

/**
 * During an absence period (SPEC §3): where calls to the employee go, and that calling out
 * still works. Live with the My number data; gone once the period is over.
 */
export function AbsenceBanner() {
  const { t, i18n } = useTranslation();
  const absence = useAppStore((s) => s.myNumber.number?.absence);
  const over = useHasPassed(absence?.to);
  if (!absence || over) return null;
  const until = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(absence.to));
  return (
    <p className="banner absence-banner" role="note">
      {absence.forwardTo
        ? t('myAbsence.forward', { until, name: absence.forwardTo.name })
        : t('myAbsence.noForward', { until })}{' '}
      {t('myAbsence.canCall')}
    </p>
  );
}
