import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionRule } from '../../../shared/api';
import { useAppStore } from '../../app/services';
import { formatPhone } from '../caller-id/format-phone';
import { errorSentence } from '../forms/error-text';
import { useShownRegion } from './RegionPicker';
import { RegionRuleForm } from './RegionRuleForm';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/**
 * Region restrictions (SPEC §2, §3) of a SIP number, or (employeeId null) the company's defaults
 * that a SIP number's own rules for a region replace: which company numbers calls into a region
 * may show. Listed with their effect in words, deleted, added; live.
 */
export function RegionRules({ employeeId }: { employeeId: number | null }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const shown = useShownRegion();
  const changes = useAppStore((s) =>
    employeeId === null ? s.admin.changes.employees : (s.admin.changes.number[employeeId] ?? 0),
  );
  const numberChanges = useAppStore((s) => s.admin.changes.companyNumbers);
  const rules = useResource(() => api.listRegionRules(employeeId), String(changes));
  const numbers = useResource(() => api.listCompanyNumbers(), String(numberChanges));
  const [error, setError] = useState<string>();
  const problem = error ?? (rules.error !== undefined ? errorSentence(t, rules.error) : undefined);

  const sentence = (rule: RegionRule) =>
    t(rule.effect === 'allow' ? 'regionRules.allowRule' : 'regionRules.denyRule', {
      region: shown(rule.region),
      numbers: [
        ...rule.numbers.map(formatPhone),
        ...rule.codes.map((code) => t('regionRules.withCode', { code })),
        ...rule.numberRegions.map((region) => t('regionRules.inRegion', { region: shown(region) })),
      ].join(', '),
    });

  const remove = async (rule: RegionRule) => {
    try {
      await api.deleteRegionRule(employeeId, rule.id);
      setError(undefined);
      rules.reload();
    } catch (e) {
      setError(errorSentence(t, e));
    }
  };

  return (
    <section className="region-rules" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>
        {t(employeeId === null ? 'regionRules.companyTitle' : 'regionRules.title')}
      </h4>
      <p className="muted small">
        {t(employeeId === null ? 'regionRules.companyWhy' : 'regionRules.why')}
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {rules.data?.length === 0 && <p className="muted">{t('regionRules.none')}</p>}
      {rules.data && rules.data.length > 0 && (
        <ul className="plain">
          {rules.data.map((rule) => (
            <li key={rule.id}>
              <span>{sentence(rule)}</span>
              <button
                type="button"
                aria-label={t('regionRules.deleteNamed', { rule: sentence(rule) })}
                onClick={() => void remove(rule)}
              >
                {t('regionRules.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <RegionRuleForm
        employeeId={employeeId}
        numbers={numbers.data ?? []}
        onAdded={() => {
          setError(undefined);
          rules.reload();
        }}
      />
    </section>
  );
}
