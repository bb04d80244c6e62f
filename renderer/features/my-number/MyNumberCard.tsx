import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import { MyDevices } from './MyDevices';
import { MyNumberFacts } from './MyNumberFacts';

/**
 * The signed-in employee's number as it affects them: channels, devices, the caller-ID mode
 * (the choice of number is by the dialer, CallerIdPicker), absence; kept live by the employee
 * API session. Nothing when there is no API session.
 */
export function MyNumberCard() {
  const { t } = useTranslation();
  const { employeeApi } = useServices();
  const my = useAppStore((s) => s.myNumber);
  const id = useId();
  if (my.status === 'off') return null;
  return (
    <section className="my-number" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('myNumber.title')}</h2>
      {my.status === 'loading' && !my.number && <p className="muted">{t('forms.loading')}</p>}
      {my.status === 'unavailable' && (
        <div className="unavailable">
          <p className="muted">{t('myNumber.unavailable')}</p>
          <button type="button" onClick={() => void employeeApi.reload()}>
            {t('forms.retry')}
          </button>
        </div>
      )}
      {my.number && <MyNumberFacts number={my.number} />}
      {my.devices && <MyDevices devices={my.devices} />}
    </section>
  );
}
