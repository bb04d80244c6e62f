import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callerIdCheckSchema, type CallerIdCheckResult } from '../../../shared/api/caller-id-check';
import { useAppStore } from '../../app/services';
import { formatPhone } from '../caller-id/format-phone';
import { zodProblems } from '../forms/error-text';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { explainCallerId, explainCallerIdRefusal, type ExplainContext } from './explain-caller-id';
import { useShownRegion } from './RegionPicker';
import { useAdminApi } from './use-admin-api';

/**
 * "Which number will the client see?": the PBX's caller-ID decision for this employee calling
 * a client, with its explanation, or why the call would be refused. An answer is dropped once
 * the number's settings change, since it may no longer hold.
 */
export function CallerIdCheck({ employeeId }: { employeeId: number }) {
  const { t, i18n } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const region = useShownRegion();
  // The admin's time zone is the system's, where the Admin tab runs
  const words: ExplainContext = { t, region, language: i18n.language };
  const changes = useAppStore((s) => s.admin.changes.number[employeeId] ?? 0);
  const [client, setClient] = useState('');
  const [answer, setAnswer] = useState<{ result: CallerIdCheckResult; changes: number }>();
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({ client: t('callerIdCheck.clientInvalid') });
  const result = answer?.changes === changes ? answer.result : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAnswer(undefined);
    const local = callerIdCheckSchema.safeParse({ client });
    if (!local.success) return errors.showProblems(zodProblems(local.error));
    setBusy(true);
    try {
      const checked = await api.checkCallerId(employeeId, { client: local.data.client });
      errors.clear();
      setAnswer({ result: checked, changes });
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  };

  const shownClient = result && formatPhone(result.client.number);
  return (
    <section className="caller-id-check" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('callerIdCheck.title')}</h3>
      <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <Field
          label={t('callerIdCheck.client')}
          error={errors.fields.client}
          hint={t('callerIdCheck.clientHint')}
        >
          {(p) => (
            <input
              {...p}
              inputMode="tel"
              value={client}
              onChange={(e) => setClient(e.target.value)}
            />
          )}
        </Field>
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {t('callerIdCheck.check')}
        </button>
      </form>
      <div className="check-result" aria-live="polite">
        {result && (
          <>
            {result.number ? (
              <p className="strong">
                {t('callerIdCheck.sees', { number: formatPhone(result.number) })}
              </p>
            ) : (
              <p className="error">{t('callerIdCheck.refused')}</p>
            )}
            <p>
              {t('callerIdCheck.why', {
                explanation: result.reason
                  ? explainCallerId(words, result.reason)
                  : result.refusal
                    ? explainCallerIdRefusal(words, result.refusal)
                    : result.explanation,
              })}
            </p>
            <p className="muted small">
              {result.client.regions.length > 0
                ? t('callerIdCheck.clientIn', {
                    number: shownClient,
                    regions: result.client.regions.map(region).join(', '),
                  })
                : t('callerIdCheck.clientNoRegion', { number: shownClient })}
            </p>
          </>
        )}
      </div>
    </section>
  );
}
