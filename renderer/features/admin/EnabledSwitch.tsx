import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Confirm } from '../forms/Confirm';
import { errorSentence } from '../forms/error-text';
import { useAdminApi } from './use-admin-api';

export interface EnabledSwitchProps {
  employeeId: number;
  enabled: boolean;
  onChanged(): void;
  onOfferAbsence(): void;
}

/**
 * The number's on/off switch. Turning it off first asks whether an absence period is meant:
 * sick leave and vacations are absences, and the number comes back by itself after one.
 */
export function EnabledSwitch({
  employeeId,
  enabled,
  onChanged,
  onOfferAbsence,
}: EnabledSwitchProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();

  const set = async (next: boolean) => {
    setAsking(false);
    try {
      await api.updateSipNumber(employeeId, { enabled: next });
      setError(undefined);
      onChanged();
    } catch (e) {
      setError(errorSentence(t, e));
    }
  };

  return (
    <div className="enabled-switch">
      <label className="check">
        <input
          type="checkbox"
          role="switch"
          checked={enabled}
          onChange={(e) => (e.target.checked ? void set(true) : setAsking(true))}
        />
        {t('sipNumber.enabled')}
      </label>
      <p className="muted small">{t(enabled ? 'sipNumber.enabledOn' : 'sipNumber.enabledOff')}</p>
      {asking && (
        <Confirm
          title={t('sipNumber.disableTitle')}
          actions={[
            {
              label: t('sipNumber.disableAbsence'),
              className: 'primary',
              onClick: () => {
                setAsking(false);
                onOfferAbsence();
              },
            },
            {
              label: t('sipNumber.disableAnyway'),
              className: 'danger',
              onClick: () => void set(false),
            },
            { label: t('forms.cancel'), onClick: () => setAsking(false) },
          ]}
        >
          <p>{t('sipNumber.disableAsk')}</p>
          <p>{t('sipNumber.disableEffect')}</p>
        </Confirm>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
