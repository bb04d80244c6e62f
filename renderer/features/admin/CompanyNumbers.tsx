import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompanyNumber, CompanyNumberPatch } from '../../../shared/api';
import { useAppStore } from '../../app/services';
import { Confirm } from '../forms/Confirm';
import { errorSentence } from '../forms/error-text';
import { CompanyNumberForm } from './CompanyNumberForm';
import { CompanyNumberRow } from './CompanyNumberRow';
import { AnnouncementSettings } from './AnnouncementSettings';
import { ReturnCallSettings } from './ReturnCallSettings';
import { RegionRules } from './RegionRules';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/**
 * The company's phone numbers: which are on, the default, where inbound calls go; live. Adding
 * one opens its form at the top, so the action is in view in a narrow window too.
 */
export function CompanyNumbers() {
  const { t } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const changes = useAppStore((s) => s.admin.changes.companyNumbers);
  const employeesChanged = useAppStore((s) => s.admin.changes.employees);
  const numbers = useResource(() => api.listCompanyNumbers(), String(changes));
  const employees = useResource(() => api.listEmployees({ limit: 200 }), String(employeesChanged));
  const [deleting, setDeleting] = useState<CompanyNumber>();
  const [error, setError] = useState<string>();
  const [adding, setAdding] = useState(false);

  const change = async (number: CompanyNumber, patch: CompanyNumberPatch) => {
    try {
      await api.updateCompanyNumber(number.id, patch);
      setError(undefined);
    } catch (e) {
      setError(errorSentence(t, e));
    }
    numbers.reload();
  };
  const remove = async (number: CompanyNumber) => {
    setDeleting(undefined);
    try {
      await api.deleteCompanyNumber(number.id);
      setError(undefined);
      numbers.reload();
    } catch (e) {
      setError(errorSentence(t, e));
    }
  };

  const staff = employees.data?.items ?? [];
  const problem =
    error ?? (numbers.error !== undefined ? errorSentence(t, numbers.error) : undefined);
  return (
    <section className="company-numbers" aria-labelledby={`${id}-title`}>
      <div className="toolbar">
        <h2 id={`${id}-title`}>{t('numbers.title')}</h2>
        <button
          type="button"
          className={adding ? undefined : 'primary'}
          aria-expanded={adding}
          onClick={() => setAdding(!adding)}
        >
          {t('numbers.add')}
        </button>
      </div>
      {adding && <CompanyNumberForm employees={staff} onAdded={numbers.reload} />}
      {deleting && (
        <Confirm
          title={t('numbers.deleteTitle', { number: deleting.number })}
          actions={[
            {
              label: t('numbers.deleteYes'),
              className: 'danger',
              onClick: () => void remove(deleting),
            },
            { label: t('forms.cancel'), onClick: () => setDeleting(undefined) },
          ]}
        >
          <p>{t('numbers.deleteEffect')}</p>
        </Confirm>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {numbers.data?.length === 0 && <p className="muted">{t('numbers.none')}</p>}
      {numbers.data && numbers.data.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('numbers.number')}</th>
              <th scope="col">{t('numbers.region')}</th>
              <th scope="col">{t('numbers.enabled')}</th>
              <th scope="col">{t('numbers.default')}</th>
              <th scope="col">{t('numbers.inbound')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('numbers.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {numbers.data.map((n) => (
              <CompanyNumberRow
                key={n.id}
                number={n}
                employees={staff}
                onChange={(patch) => void change(n, patch)}
                onDelete={() => setDeleting(n)}
              />
            ))}
          </tbody>
        </table>
      )}
      <ReturnCallSettings employees={staff} />
      <AnnouncementSettings />
      <RegionRules employeeId={null} />
    </section>
  );
}
