import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  adminCompanyPatchSchema,
  type EmployeeSummary,
  type ReturnCalls,
} from '../../../shared/api';
import { zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { EmployeeOptions } from './EmployeeOptions';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/**
 * Return calls (SPEC §3): how many days a client calling a company number returns to the
 * employee they last talked to there, and the fallback employee when nobody else can take it.
 */
export function ReturnCallSettings({ employees }: { employees: EmployeeSummary[] }) {
  const api = useAdminApi();
  const company = useResource(() => api.company(), 'company');
  const [saved, setSaved] = useState(false);
  const loaded = company.data?.returnCalls;
  if (!loaded) return null;
  return (
    <ReturnCallForm
      // What the PBX answered fills the form again after a save.
      key={`${loaded.days} ${loaded.fallbackEmployeeId}`}
      initial={loaded}
      employees={employees}
      saved={saved}
      onSaved={(done) => {
        setSaved(done);
        if (done) company.reload();
      }}
    />
  );
}

interface ReturnCallFormProps {
  initial: ReturnCalls;
  employees: EmployeeSummary[];
  saved: boolean;
  onSaved(done: boolean): void;
}

function ReturnCallForm({ initial, employees, saved, onSaved }: ReturnCallFormProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [days, setDays] = useState(String(initial.days));
  const [fallback, setFallback] = useState(
    initial.fallbackEmployeeId === null ? '' : String(initial.fallbackEmployeeId),
  );
  const [busy, setBusy] = useState(false);
  // Paths as the API names them, so the local check and the PBX's 400 land on the same field.
  const errors = useFormErrors({
    'returnCalls.days': t('returnCalls.daysInvalid'),
    'returnCalls.fallbackEmployeeId': t('returnCalls.fallbackInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onSaved(false);
    const body = {
      returnCalls: {
        days: Number(days.trim() || NaN),
        fallbackEmployeeId: fallback ? Number(fallback) : null,
      },
    };
    const local = adminCompanyPatchSchema.safeParse(body);
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    setBusy(true);
    try {
      await api.updateCompany(body);
      errors.clear();
      onSaved(true);
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="return-calls" onSubmit={submit} noValidate aria-label={t('returnCalls.title')}>
      <h3>{t('returnCalls.title')}</h3>
      <p className="muted small">{t('returnCalls.explain')}</p>
      <Field
        label={t('returnCalls.days')}
        error={errors.fields['returnCalls.days']}
        hint={t('returnCalls.daysHint')}
      >
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            value={days}
            onChange={(e) => setDays(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('returnCalls.fallback')}
        error={errors.fields['returnCalls.fallbackEmployeeId']}
        hint={t('returnCalls.fallbackHint')}
      >
        {(p) => (
          <select {...p} value={fallback} onChange={(e) => setFallback(e.target.value)}>
            <EmployeeOptions employees={employees} none={t('returnCalls.nobody')} />
          </select>
        )}
      </Field>
      <FormError message={errors.form} />
      {saved && (
        <p className="note" role="status">
          {t('returnCalls.saved')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('returnCalls.save')}
        </button>
      </div>
    </form>
  );
}
