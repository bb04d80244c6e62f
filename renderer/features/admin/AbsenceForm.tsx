import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { newAbsenceSchema } from '../../../shared/api';
import { zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/** A `datetime-local` value (local time) as an ISO timestamp; empty stays empty. */
export function localToIso(value: string): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export interface AbsenceFormProps {
  employeeId: number;
  startRef: RefObject<HTMLInputElement | null>;
  onAdded(): void;
}

/** From, to, reason and the colleague who takes the calls; an overlap (409) is said in words. */
export function AbsenceForm({ employeeId, startRef, onAdded }: AbsenceFormProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [forwardTo, setForwardTo] = useState('');
  const [busy, setBusy] = useState(false);
  const colleagues = useResource(() => api.listEmployees({ limit: 200 }), 'colleagues');
  const errors = useFormErrors({
    from: t('absences.fromInvalid'),
    to: t('absences.toInvalid'),
    reason: t('absences.reasonInvalid'),
    forwardToEmployeeId: t('absences.forwardInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      from: localToIso(from),
      to: localToIso(to),
      reason: reason.trim(),
      forwardToEmployeeId: forwardTo ? Number(forwardTo) : null,
    };
    const local = newAbsenceSchema.safeParse(body);
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    setBusy(true);
    try {
      await api.addAbsence(employeeId, body);
      errors.clear();
      setFrom('');
      setTo('');
      setReason('');
      setForwardTo('');
      onAdded();
    } catch (error) {
      errors.fail(error, { 409: t('absences.overlap') });
    } finally {
      setBusy(false);
    }
  };

  const others = (colleagues.data?.items ?? []).filter((e) => e.id !== employeeId && e.sipNumber);
  return (
    <form className="absence-form" onSubmit={submit} noValidate aria-label={t('absences.add')}>
      <div className="row">
        <Field label={t('absences.from')} error={errors.fields.from}>
          {(p) => (
            <input
              {...p}
              ref={startRef}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('absences.to')} error={errors.fields.to}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field
        label={t('absences.reason')}
        error={errors.fields.reason}
        hint={t('absences.reasonHint')}
      >
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <Field label={t('absences.colleague')} error={errors.fields.forwardToEmployeeId}>
        {(p) => (
          <select {...p} value={forwardTo} onChange={(e) => setForwardTo(e.target.value)}>
            <option value="">{t('absences.nobody')}</option>
            {others.map((e) => (
              <option key={e.id} value={e.id}>
                {`${e.name} (${e.sipNumber})`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError message={errors.form} />
      <button type="submit" disabled={busy}>
        {t('absences.add')}
      </button>
    </form>
  );
}
