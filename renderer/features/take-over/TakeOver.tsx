import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device } from '../../../shared/api';
import { useAppStore, useServices } from '../../app/services';
import { errorSentence } from '../forms/error-text';
import { takeOverPlace } from './take-over';

/** The registration problems after which the phone offers to take its number over (SPEC §3). */
const OFFERED_FOR: ReadonlySet<string> = new Set(['device-limit', 'taken-over']);

/**
 * Refused because the number is in use (device-limit), or dropped because another device took
 * it (taken-over): which device holds the number now (kind, program, address, since when), and
 * "Use here instead", which drops that device with the employee's own API session and registers.
 * A phone dropped this way waits for this button: it never takes the place back by itself.
 */
export function TakeOver() {
  const { t, i18n } = useTranslation();
  const services = useServices();
  const problem = useAppStore((s) =>
    s.registration.status === 'failed' ? s.registration.problem : undefined,
  );
  const holders = useAppStore((s) => s.myNumber.devices);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!problem || !OFFERED_FOR.has(problem)) return null;

  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const name = (device: Device) => {
    const kind = t(`devices.kinds.${device.kind}`);
    return device.userAgent ? t('takeOver.device', { kind, program: device.userAgent }) : kind;
  };
  const devices = holders ?? [];
  const headline = (): string => {
    const newest = devices.at(-1);
    if (problem === 'taken-over') {
      return newest
        ? t('takeOver.nowInUseOn', { device: name(newest) })
        : t('takeOver.nowInUseElsewhere');
    }
    if (devices.length > 1) return t('takeOver.inUseOnSeveral');
    return newest ? t('takeOver.inUseOn', { device: name(newest) }) : t('status.device-limit');
  };
  const takeOver = async (holder?: Device) => {
    setBusy(true);
    setError(undefined);
    try {
      await takeOverPlace(services, holder);
    } catch (e) {
      setError(t('takeOver.failed', { reason: errorSentence(t, e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="banner take-over" aria-label={t('takeOver.title')}>
      <p role="alert">
        {headline()}
        {problem === 'taken-over' && <> {t('takeOver.staysOff')}</>}
      </p>
      {devices.length > 0 ? (
        <ul className="take-over-devices">
          {devices.map((device) => (
            <li key={device.id}>
              <span>
                <strong>{name(device)}</strong>
                <br />
                {t('takeOver.details', {
                  address: device.address,
                  since: when.format(new Date(device.since)),
                })}
              </span>
              <button
                type="button"
                className="primary"
                disabled={busy}
                aria-label={
                  devices.length > 1
                    ? t('takeOver.useHereOf', { device: name(device), address: device.address })
                    : undefined
                }
                onClick={() => void takeOver(device)}
              >
                {t('takeOver.useHere')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <button type="button" className="primary" disabled={busy} onClick={() => void takeOver()}>
          {t('takeOver.useHere')}
        </button>
      )}
      {busy && <p className="muted">{t('takeOver.working')}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
