import { useTranslation } from 'react-i18next';
import { useDeviceFallback } from './use-device-fallback';

/** Says, in words, which chosen device was unplugged and that the default is used instead. */
export function DeviceNotice() {
  const { t } = useTranslation();
  const { gone, dismiss } = useDeviceFallback();
  if (gone.length === 0) return null;
  return (
    <div className="device-notice" role="alert">
      {gone.map(({ role, name }) => (
        <p key={role}>{t(`desktop.devices.gone.${role}`, { name })}</p>
      ))}
      <button type="button" onClick={dismiss}>
        {t('desktop.devices.dismiss')}
      </button>
    </div>
  );
}
