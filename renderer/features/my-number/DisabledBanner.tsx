import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/services';

/**
 * The administrator switched the number off (SPEC §3): its devices were dropped, calls to and
 * from it are refused. Shown at once from the live My number data, before the phone's next
 * registration attempt is refused.
 */
export function DisabledBanner() {
  const { t } = useTranslation();
  const disabled = useAppStore((s) => s.myNumber.number?.enabled === false);
  if (!disabled) return null;
  return (
    <p className="banner disabled-banner" role="alert">
      {t('myNumberDisabled')}
    </p>
  );
}
