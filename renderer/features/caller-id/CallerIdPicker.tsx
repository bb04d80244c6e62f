import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyNumber } from '../../../shared/api';
import { hasStatus } from '../../api';
import { useAppStore, useServices } from '../../app/services';
import { Field } from '../forms/Field';
import { errorSentence } from '../forms/error-text';
import { adminNumber, callerIdRule, choiceLabel } from './caller-id-rule';
import { formatPhone } from './format-phone';

type CallerId = MyNumber['callerId'];

/**
 * The number the employee's calls show, by the dialer: a choice in fixed mode when the admin
 * allows it (stored on the PBX for all their devices, live through the My number data), else
 * the rule in force in words. Nothing without the employee API.
 */
export function CallerIdPicker() {
  const { t } = useTranslation();
  const callerId = useAppStore((s) => s.myNumber.number?.callerId);
  const [error, setError] = useState<string>();
  if (!callerId) return null;
  if (callerId.mayChoose) {
    return <CallerIdChoice callerId={callerId} error={error} onError={setError} />;
  }
  return (
    <div className="caller-id-picker">
      <p className="caller-id-rule">
        <span className="muted">{t('callerIdPicker.title')}</span>{' '}
        <span>{callerIdRule(t, callerId)}</span>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface CallerIdChoiceProps {
  callerId: CallerId;
  error?: string;
  onError(error: string | undefined): void;
}

function CallerIdChoice({ callerId, error, onError }: CallerIdChoiceProps) {
  const { t } = useTranslation();
  const { employeeApi } = useServices();
  /** The value being saved, shown until the PBX answers. */
  const [pending, setPending] = useState<string>();
  /** What this device saved last, to confirm it while it is still the choice in force. */
  const [savedAs, setSavedAs] = useState<string | null>();
  const { chosen } = callerId;
  const offered = callerId.choices.filter((c) => c !== callerId.fixedNumber || c === chosen);
  if (chosen && !offered.includes(chosen)) offered.unshift(chosen);

  const choose = async (value: string) => {
    const number = value || null;
    setPending(value);
    setSavedAs(undefined);
    try {
      await employeeApi.chooseCallerId(number);
      onError(undefined);
      setSavedAs(number);
    } catch (e) {
      onError(errorSentence(t, e, { 403: t('callerIdPicker.forbidden') }));
      // The admin has taken the choice away: read the rule now in force.
      if (hasStatus(e, 403)) void employeeApi.reload();
    } finally {
      setPending(undefined);
    }
  };

  const shows = chosen ? formatPhone(chosen) : adminNumber(t, callerId);
  return (
    <div className="caller-id-picker">
      <Field label={t('callerIdPicker.label')} error={error} hint={t('callerIdPicker.hint')}>
        {(p) => (
          <select
            {...p}
            value={pending ?? chosen ?? ''}
            disabled={pending !== undefined}
            onChange={(e) => void choose(e.target.value)}
          >
            <option value="">
              {t('callerIdPicker.adminSet', { number: adminNumber(t, callerId) })}
            </option>
            {offered.map((number) => (
              <option key={number} value={number}>
                {choiceLabel(callerId, number)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="muted small" aria-live="polite">
        {savedAs !== undefined &&
          savedAs === chosen &&
          t('callerIdPicker.saved', { number: shows })}
      </p>
    </div>
  );
}
