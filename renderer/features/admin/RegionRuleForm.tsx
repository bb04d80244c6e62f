import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { newRegionRuleSchema, type CompanyNumber } from '../../../shared/api';
import { ApiRequestError } from '../../api';
import { formatPhone } from '../caller-id/format-phone';
import { asSentence, zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { RegionPicker, useShownRegion } from './RegionPicker';
import { useAdminApi } from './use-admin-api';

type Effect = 'allow' | 'deny';

export interface RegionRuleFormProps {
  /** Whose rule: an employee's SIP number, or the company's defaults (null). */
  employeeId: number | null;
  /** The company's numbers, to choose from. */
  numbers: CompanyNumber[];
  onAdded(): void;
}

/** A 400 about one item of a list (`numbers.2`, `codes.0`) is shown by the list. */
function byField(error: unknown): unknown {
  if (!(error instanceof ApiRequestError)) return error;
  const fields = error.fields.map((f) => ({
    ...f,
    path: f.path.replace(/^(numbers|codes|numberRegions)\.\d+$/, '$1'),
  }));
  return new ApiRequestError(error.status, error.code, error.message, fields, error.retryAfterS);
}

const codesOf = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((code) => code.trim())
    .filter(Boolean);

/**
 * A client region, the company numbers the rule is about (listed, by area code, or those in a
 * region, so numbers connected later follow), allow or deny.
 */
export function RegionRuleForm({ employeeId, numbers, onAdded }: RegionRuleFormProps) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const shown = useShownRegion();
  const [region, setRegion] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [codes, setCodes] = useState('');
  const [numberRegion, setNumberRegion] = useState('');
  const [effect, setEffect] = useState<Effect>('allow');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({
    region: (message) => asSentence(message),
    numbers: t('regionRules.numbersInvalid'),
    codes: t('regionRules.codesInvalid'),
    numberRegions: (message) => asSentence(message),
    effect: t('regionRules.effectInvalid'),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      region: region.trim(),
      numbers: chosen,
      codes: codesOf(codes),
      numberRegions: numberRegion.trim() ? [numberRegion.trim()] : [],
      effect,
    };
    const local = newRegionRuleSchema.safeParse(body);
    if (!local.success) {
      const problems = zodProblems(local.error).map((p) =>
        p.path === 'region' ? { ...p, message: t('regionRules.regionInvalid') } : p,
      );
      return errors.showProblems(byFieldProblems(problems));
    }
    setBusy(true);
    try {
      await api.addRegionRule(employeeId, body);
      errors.clear();
      setRegion('');
      setChosen([]);
      setCodes('');
      setNumberRegion('');
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
      aria-label={t(employeeId === null ? 'regionRules.addCompany' : 'regionRules.add')}
    >
      <Field
        label={t('regionRules.region')}
        error={errors.fields.region}
        hint={t('regionRules.regionHint')}
      >
        {(p) => <RegionPicker input={p} value={region} onChange={setRegion} />}
      </Field>
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
            {n.region ? `${formatPhone(n.number)} · ${shown(n.region)}` : formatPhone(n.number)}
          </label>
        ))}
        {errors.fields.numbers && (
          <p id={`${id}-numbers-error`} className="error" role="alert">
            {errors.fields.numbers}
          </p>
        )}
      </fieldset>
      <Field
        label={t('regionRules.codes')}
        error={errors.fields.codes}
        hint={t('regionRules.codesHint')}
      >
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            value={codes}
            onChange={(e) => setCodes(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('regionRules.numberRegion')}
        error={errors.fields.numberRegions}
        hint={t('regionRules.numberRegionHint')}
      >
        {(p) => <RegionPicker input={p} value={numberRegion} onChange={setNumberRegion} />}
      </Field>
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

function byFieldProblems<T extends { path: string }>(problems: T[]): T[] {
  return problems.map((p) => ({
    ...p,
    path: p.path.replace(/^(numbers|codes|numberRegions)\.\d+$/, '$1'),
  }));
}
