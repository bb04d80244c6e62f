import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { newEmployeeSchema, type CreatedEmployee } from '../../../shared/api';
import { zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { NewPassword } from './NewPassword';
import { useAdminApi } from './use-admin-api';

export interface CreateEmployeeProps {
  onCreated(): void;
  onDone(): void;
}

/**
 * Name and optional e-mail (and whether to e-mail the first credentials in the same step);
 * then the new SIP number and its password, shown this once, and how the e-mail went.
 */
export function CreateEmployee({ onCreated, onDone }: CreateEmployeeProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [sendEmail, setSendEmail] = useState(false);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedEmployee>();
  const errors = useFormErrors({
    name: t('employee.nameInvalid'),
    email: t('employee.emailInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const address = email.trim() || undefined;
    const body = { name, email: address, sendEmail: Boolean(address) && sendEmail };
    const local = newEmployeeSchema.safeParse(body);
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    setBusy(true);
    try {
      setCreated(await api.createEmployee(body));
      errors.clear();
      onCreated();
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <section className="created" aria-label={t('employees.created')}>
        <p role="status">
          {t('employees.createdText', {
            name: created.employee.name,
            number: created.employee.sipNumber?.number ?? '—',
          })}
        </p>
        <NewPassword password={created.password} />
        {created.mail && (
          <p>
            {t(created.mail.via === 'smtp' ? 'password.mailed' : 'password.filed', {
              email: created.mail.to,
            })}
          </p>
        )}
        {created.mailError && (
          <p className="error" role="alert">
            {t('employees.mailFailed')}
          </p>
        )}
        <button type="button" onClick={onDone}>
          {t('forms.done')}
        </button>
      </section>
    );
  }
  return (
    <form className="create-employee" onSubmit={submit} noValidate aria-label={t('employees.new')}>
      <Field label={t('employee.name')} error={errors.fields.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label={t('employee.emailOptional')} error={errors.fields.email}>
        {(p) => (
          <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={Boolean(email.trim()) && sendEmail}
          disabled={!email.trim()}
          onChange={(e) => setSendEmail(e.target.checked)}
        />
        {t('employees.sendCredentials')}
      </label>
      <FormError message={errors.form} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('employees.create')}
        </button>
        <button type="button" onClick={onDone}>
          {t('forms.cancel')}
        </button>
      </div>
    </form>
  );
}
