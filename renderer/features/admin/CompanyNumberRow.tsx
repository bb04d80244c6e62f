import { useTranslation } from 'react-i18next';
import type { CompanyNumber, CompanyNumberPatch, EmployeeSummary } from '../../../shared/api';
import { useShownRegion } from './RegionPicker';

export interface CompanyNumberRowProps {
  number: CompanyNumber;
  employees: EmployeeSummary[];
  onChange(patch: CompanyNumberPatch): void;
  onDelete(): void;
}

/** One company number; each control saves as soon as it changes. */
export function CompanyNumberRow({
  number: n,
  employees,
  onChange,
  onDelete,
}: CompanyNumberRowProps) {
  const { t } = useTranslation();
  const shown = useShownRegion();
  const inbound = n.inboundEmployee;
  const listed = !inbound || employees.some((e) => e.id === inbound.id);
  return (
    <tr>
      <th scope="row">{n.number}</th>
      <td data-label={t('numbers.region')}>
        {n.region ? shown(n.region) : '—'}
        {n.regionOverridden && (
          <span className="muted small">
            {' '}
            {n.regionFromNumber
              ? t('numbers.regionOverridden', { region: shown(n.regionFromNumber) })
              : t('numbers.regionOverriddenNone')}{' '}
            <button
              type="button"
              className="link"
              aria-label={t('numbers.useNumberRegionFor', { number: n.number })}
              onClick={() => onChange({ region: null })}
            >
              {t('numbers.useNumberRegion')}
            </button>
          </span>
        )}
      </td>
      <td data-label={t('numbers.enabled')}>
        <input
          type="checkbox"
          role="switch"
          aria-label={t('numbers.enabledFor', { number: n.number })}
          checked={n.enabled}
          onChange={(e) => onChange({ enabled: e.target.checked })}
        />
      </td>
      <td data-label={t('numbers.default')}>
        <input
          type="checkbox"
          aria-label={t('numbers.defaultFor', { number: n.number })}
          checked={n.isDefault}
          onChange={(e) => onChange({ isDefault: e.target.checked })}
        />
      </td>
      <td data-label={t('numbers.inbound')}>
        <select
          aria-label={t('numbers.inboundFor', { number: n.number })}
          value={inbound ? String(inbound.id) : ''}
          onChange={(e) =>
            onChange({ inboundEmployeeId: e.target.value ? Number(e.target.value) : null })
          }
        >
          <option value="">{t('numbers.nobody')}</option>
          {!listed && inbound && <option value={inbound.id}>{inbound.name}</option>}
          {employees.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <button
          type="button"
          aria-label={t('numbers.deleteNamed', { number: n.number })}
          onClick={onDelete}
        >
          {t('numbers.delete')}
        </button>
      </td>
    </tr>
  );
}
