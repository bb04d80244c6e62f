import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyNumber } from '../../../shared/api';
import { useServices } from '../../app/services';
import { Field } from '../forms/Field';
import { errorSentence } from '../forms/error-text';

/** The number the employee's calls show: a choice when the admin allows it, else shown. */
export function MyCallerId({ number }: { number: MyNumber }) {
  const { t } = useTranslation();
  const { employeeApi } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { callerId } = number;
  const adminSet = callerId.fixedNumber ?? t('callerId.defaultNumber');

  const choose = async (value: string) => {
    setBusy(true);
    try {
      await employeeApi.chooseCallerId(value || null);
      setError(undefined);
    } catch (e) {
      setError(errorSentence(t, e, { 403: t('myNumber.chooseForbidden') }));
    } finally {
      setBusy(false);
    }
  };

  if (!callerId.mayChoose) {
    return callerId.mode === 'fixed' ? <p>{t('myNumber.shows', { number: adminSet })}</p> : null;
  }
  const choices = callerId.choices.filter((c) => c !== callerId.fixedNumber);
  return (
    <Field label={t('myNumber.choose')} error={error} hint={t('myNumber.chooseHint')}>
      {(p) => (
        <select
          {...p}
          value={callerId.chosen ?? ''}
          disabled={busy}
          onChange={(e) => void choose(e.target.value)}
        >
          <option value="">{t('myNumber.asSet', { number: adminSet })}</option>
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
