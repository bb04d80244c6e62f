import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { newRegionRuleSchema, type CompanyNumber } from '../../../shared/api';
import { ApiRequestError } from '../../api';
import { formatPhone } from '../caller-id/format-phone';
import { zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useDebounced } from '../forms/use-debounced';
import { useFormErrors } from '../forms/use-form-errors';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

type Effect = 'allow' | 'deny';

export interface RegionRuleFormProps {
  employeeId: number;
  /** The company's numbers, to choose from. */
  numbers: CompanyNumber[];
  onAdded(): void;
}

/** A 400 about one number of the list (`numbers.2`) is shown by the list. */
function byField(error: unknown): unknown {
  if (!(error instanceof ApiRequestError)) return error;
  const fields = error.fields.map((f) => ({
    ...f,
    path: f.path.replace(/^numbers\.\d+$/, 'numbers'),
  }));
  return new ApiRequestError(error.status, error.code, error.message, fields, error.retryAfterS);
}

/** A region found by searching the PBX's region names, the company numbers, allow or deny. */
export function RegionRuleForm({ employeeId, numbers, onAdded }: RegionRuleFormProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const [region, setRegion] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [effect, setEffect] = useState<Effect>('allow');
  const [busy, setBusy] = useState(false);
  const search = useDebounced(region.trim(), 250);
  const regions = useResource(() => api.regions(search || undefined), search);
  const errors = useFormErrors({
    region: t('regionRules.regionInvalid'),
    numbers: t('regionRules.numbersInvalid'),
    effect: t('regionRules.effectInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { region: region.trim(), numbers: chosen, effect };
    const local = newRegionRuleSchema.safeParse(body);
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    setBusy(true);
    try {
      await api.addRegionRule(employeeId, body);
      errors.clear();
      setRegion('');
      setChosen([]);
      setEffect('allow');
      onAdded();
    } catch (error) {
      errors.fail(byField(error));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (number: string, on: boolean) =>
    setChosen((c) => (on ? [...c, number] : c.filter((n) => n !== number)));

  return (
    <form
      className="region-rule-form"
      onSubmit={submit}
      noValidate
      aria-label={t('regionRules.add')}
    >
      <Field
        label={t('regionRules.region')}
        error={errors.fields.region}
        hint={t('regionRules.regionHint')}
      >
        {(p) => (
          <input
            {...p}
            list={`${id}-regions`}
            autoComplete="off"
            value={region}
            onChange={(e) => setRegion(e.target.value)}
          />
        )}
      </Field>
      <datalist id={`${id}-regions`}>
        {(regions.data ?? []).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <fieldset
        className="numbers-choice"
        aria-describedby={errors.fields.numbers ? `${id}-numbers-error` : undefined}
      >
        <legend>{t('regionRules.numbers')}</legend>
        {numbers.length === 0 && <p className="muted small">{t('regionRules.noNumbers')}</p>}
        {numbers.map((n) => (
          <label key={n.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(n.number)}
              aria-invalid={errors.fields.numbers ? true : undefined}
              onChange={(e) => toggle(n.number, e.target.checked)}
            />
            {n.region ? `${formatPhone(n.number)} · ${n.region}` : formatPhone(n.number)}
          </label>
        ))}
        {errors.fields.numbers && (
          <p id={`${id}-numbers-error`} className="error" role="alert">
            {errors.fields.numbers}
          </p>
        )}
      </fieldset>
      <fieldset
        className="effect-choice"
        aria-describedby={errors.fields.effect ? `${id}-effect-error` : undefined}
      >
        <legend>{t('regionRules.effect')}</legend>
        {(['allow', 'deny'] as const).map((value) => (
          <label key={value} className="check">
            <input
              type="radio"
              name={`${id}-effect`}
              value={value}
              checked={effect === value}
              onChange={() => setEffect(value)}
            />
            {t(`regionRules.${value}`)}
          </label>
        ))}
        {errors.fields.effect && (
          <p id={`${id}-effect-error`} className="error" role="alert">
            {errors.fields.effect}
          </p>
        )}
      </fieldset>
      <FormError message={errors.form} />
      <button type="submit" disabled={busy}>
        {t('regionRules.addButton')}
      </button>
    </form>
  );
}
