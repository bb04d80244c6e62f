import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { employeePatchSchema, type EmployeeDetail } from '../../../shared/api';
import { zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { useAdminApi } from './use-admin-api';

/** Name and e-mail of an employee; an empty e-mail removes it. */
export function EmployeeEdit({ employee, onSaved }: { employee: EmployeeDetail; onSaved(): void }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [name, setName] = useState(employee.name);
  const [email, setEmail] = useState(employee.email ?? '');
  const [saved, setSaved] = useState(false);
  const errors = useFormErrors({
    name: t('employee.nameInvalid'),
    email: t('employee.emailInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch = { name, email: email.trim() };
    const local = employeePatchSchema.safeParse(patch);
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    try {
      await api.updateEmployee(employee.id, patch);
      errors.clear();
      setSaved(true);
      onSaved();
    } catch (error) {
      errors.fail(error);
    }
  };
  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    setSaved(false);
  };

  return (
    <form className="employee-edit" onSubmit={submit} noValidate aria-label={t('employee.details')}>
      <Field label={t('employee.name')} error={errors.fields.name}>
        {(p) => <input {...p} value={name} onChange={(e) => edit(setName)(e.target.value)} />}
      </Field>
      <Field label={t('employee.email')} error={errors.fields.email} hint={t('employee.emailHint')}>
        {(p) => (
          <input
            {...p}
            type="email"
            value={email}
            onChange={(e) => edit(setEmail)(e.target.value)}
          />
        )}
      </Field>
      <FormError message={errors.form} />
      <button type="submit">{t('employee.saveDetails')}</button>
      {saved && <p className="muted small">{t('forms.saved')}</p>}
    </form>
  );
}
