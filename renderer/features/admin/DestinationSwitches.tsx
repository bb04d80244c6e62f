import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SipNumberView } from '../../../shared/api';
import { errorSentence } from '../forms/error-text';
import { useAdminApi } from './use-admin-api';

type Destination = 'internationalAllowed' | 'premiumAllowed';

export interface DestinationSwitchesProps {
  employeeId: number;
  view: SipNumberView;
  onChanged(): void;
}

/**
 * International and premium-rate (809) calls, each saved as soon as it is switched, with the
 * toll-fraud warning beside them (SPEC §3: both are refused unless allowed).
 */
export function DestinationSwitches({ employeeId, view, onChanged }: DestinationSwitchesProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const warningId = useId();
  /** Switched here and not yet read back from the PBX. */
  const [pending, setPending] = useState<Partial<Record<Destination, boolean>>>({});
  const [error, setError] = useState<string>();

  const set = async (key: Destination, value: boolean) => {
    setPending((p) => ({ ...p, [key]: value }));
    try {
      await api.updateSipNumber(employeeId, { [key]: value });
      setError(undefined);
      onChanged();
    } catch (e) {
      setPending((p) => ({ ...p, [key]: undefined }));
      setError(errorSentence(t, e));
    }
  };

  const toggle = (key: Destination, label: string) => (
    <label className="check">
      <input
        type="checkbox"
        role="switch"
        checked={pending[key] ?? view[key]}
        aria-describedby={warningId}
        onChange={(e) => void set(key, e.target.checked)}
      />
      {label}
    </label>
  );

  return (
    <fieldset className="destinations">
      <legend>{t('destinations.title')}</legend>
      {toggle('internationalAllowed', t('destinations.international'))}
      {toggle('premiumAllowed', t('destinations.premium'))}
      <p id={warningId} className="warning small">
        {t('destinations.warning')}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
