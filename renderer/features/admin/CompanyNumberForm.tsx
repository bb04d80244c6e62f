import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { newCompanyNumberSchema, type EmployeeSummary } from '../../../shared/api';
import { asSentence, zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { EmployeeOptions } from './EmployeeOptions';
import { RegionPicker } from './RegionPicker';
import { useAdminApi } from './use-admin-api';

export interface CompanyNumberFormProps {
  employees: EmployeeSummary[];
  onAdded(): void;
}

/** A new company number: E.164, region, on, default, the employee inbound calls go to. */
export function CompanyNumberForm({ employees, onAdded }: CompanyNumberFormProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [number, setNumber] = useState('');
  const [region, setRegion] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [isDefault, setIsDefault] = useState(false);
  const [inbound, setInbound] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({
    number: t('numbers.numberInvalid'),
    // The PBX says what is wrong with a region ("there is no region named …") as it is
    region: (message) => asSentence(message),
    inboundEmployeeId: t('numbers.inboundInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      number: number.replace(/[\s()-]/g, ''),
      region: region.trim() || null,
      enabled,
      isDefault,
      inboundEmployeeId: inbound ? Number(inbound) : null,
    };
    const local = newCompanyNumberSchema.safeParse(body);
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    setBusy(true);
    try {
      await api.addCompanyNumber(body);
      errors.clear();
      setNumber('');
      setRegion('');
      setIsDefault(false);
      setInbound('');
      onAdded();
    } catch (error) {
      errors.fail(error, { 409: t('numbers.exists', { number: body.number }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="company-number-form"
      onSubmit={submit}
      noValidate
      aria-label={t('numbers.add')}
    >
      <h3>{t('numbers.add')}</h3>
      <Field
        label={t('numbers.number')}
        error={errors.fields.number}
        hint={t('numbers.numberHint')}
      >
        {(p) => (
          <input
            {...p}
            inputMode="tel"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('numbers.region')}
        error={errors.fields.region}
        hint={t('numbers.regionHint')}
      >
        {(p) => <RegionPicker input={p} value={region} onChange={setRegion} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('numbers.enabled')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={isDefault}
          onChange={(e) => setIsDefault(e.target.checked)}
        />
        {t('numbers.isDefault')}
      </label>
      <Field label={t('numbers.inbound')} error={errors.fields.inboundEmployeeId}>
        {(p) => (
          <select {...p} value={inbound} onChange={(e) => setInbound(e.target.value)}>
            <EmployeeOptions employees={employees} none={t('numbers.nobody')} />
          </select>
        )}
      </Field>
      <FormError message={errors.form} />
      <div className="actions sticky-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('numbers.addButton')}
        </button>
      </div>
    </form>
  );
}
