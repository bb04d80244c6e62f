import { useTranslation } from 'react-i18next';
import { CALLER_ID_MODES } from '../../../shared/caller-id-modes';
import { useAppStore } from '../../app/services';
import { Field } from '../forms/Field';
import { useShownRegion } from './RegionPicker';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

export interface CallerIdDraft {
  mode: string;
  /** The fixed number; empty for the company's default number. */
  fixed: string;
  mayChoose: boolean;
}

export interface CallerIdFieldsProps {
  draft: CallerIdDraft;
  errors: Record<string, string>;
  onChange(patch: Partial<CallerIdDraft>): void;
}

/** The caller-ID mode with what it does in one line; in fixed mode, the number and the choice. */
export function CallerIdFields({ draft, errors, onChange }: CallerIdFieldsProps) {
  const { t } = useTranslation();
  const shown = useShownRegion();
  const api = useAdminApi();
  const changes = useAppStore((s) => s.admin.changes.companyNumbers);
  const numbers = useResource(() => api.listCompanyNumbers(), String(changes));
  const offered = (numbers.data ?? []).filter((n) => n.enabled || n.number === draft.fixed);
  const known = offered.some((n) => n.number === draft.fixed);

  return (
    <fieldset className="caller-id">
      <legend>{t('callerId.title')}</legend>
      <Field
        label={t('callerId.mode')}
        error={errors.callerIdMode}
        hint={t(`callerId.explain.${draft.mode}`)}
      >
        {(p) => (
          <select {...p} value={draft.mode} onChange={(e) => onChange({ mode: e.target.value })}>
            {CALLER_ID_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`callerId.modes.${mode}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {draft.mode === 'fixed' && (
        <>
          <Field label={t('callerId.fixed')} error={errors.fixedCallerId}>
            {(p) => (
              <select
                {...p}
                value={draft.fixed}
                onChange={(e) => onChange({ fixed: e.target.value })}
              >
                <option value="">{t('callerId.defaultNumber')}</option>
                {!known && draft.fixed && <option value={draft.fixed}>{draft.fixed}</option>}
                {offered.map((n) => (
                  <option key={n.id} value={n.number}>
                    {n.region ? `${n.number} · ${shown(n.region)}` : n.number}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.mayChoose}
              onChange={(e) => onChange({ mayChoose: e.target.checked })}
            />
            {t('callerId.mayChoose')}
          </label>
        </>
      )}
      <details>
        <summary>{t('callerId.allModes')}</summary>
        <dl className="modes">
          {CALLER_ID_MODES.map((mode) => (
            <div key={mode}>
              <dt>{t(`callerId.modes.${mode}`)}</dt>
              <dd>{t(`callerId.explain.${mode}`)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </fieldset>
  );
}
