import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmployeeSummary } from '../../../shared/api';
import { useServices } from '../../app/services';
import { Confirm } from '../forms/Confirm';
import { errorSentence } from '../forms/error-text';
import { useAdminApi } from './use-admin-api';

export interface EmployeeTableProps {
  employees: EmployeeSummary[];
  /** True when a search is in force (the empty list says so). */
  searched: boolean;
  onDeleted(): void;
}

/** One row per employee: the name opens the page; delete asks first, naming what goes too. */
export function EmployeeTable({ employees, searched, onDeleted }: EmployeeTableProps) {
  const { t } = useTranslation();
  const { store } = useServices();
  const api = useAdminApi();
  const id = useId();
  const [confirming, setConfirming] = useState<EmployeeSummary>();
  const [error, setError] = useState<string>();

  const remove = async (employee: EmployeeSummary) => {
    setConfirming(undefined);
    try {
      await api.deleteEmployee(employee.id);
      setError(undefined);
      onDeleted();
    } catch (e) {
      setError(errorSentence(t, e));
    }
  };

  if (employees.length === 0) {
    return <p className="muted">{t(searched ? 'employees.noneFound' : 'employees.none')}</p>;
  }
  return (
    <>
      {confirming && (
        <Confirm
          title={t('employees.deleteTitle', { name: confirming.name })}
          actions={[
            {
              label: t('employees.deleteYes'),
              className: 'danger',
              onClick: () => void remove(confirming),
            },
            { label: t('forms.cancel'), onClick: () => setConfirming(undefined) },
          ]}
        >
          <p>
            {confirming.sipNumber
              ? t('employees.deleteNumber', {
                  number: confirming.sipNumber,
                  devices: confirming.devices,
                })
              : t('employees.deleteNoNumber')}
          </p>
        </Confirm>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('employees.name')}</th>
            <th scope="col">{t('employees.number')}</th>
            <th scope="col">{t('employees.devices')}</th>
            <th scope="col">{t('employees.state')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('employees.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {employees.map((e) => (
            <tr key={e.id}>
              <td>
                <button
                  type="button"
                  id={`${id}-${e.id}`}
                  className="link"
                  onClick={() => store.getState().showAdminPage({ name: 'employee', id: e.id })}
                >
                  {e.name}
                </button>
                {e.email && <div className="muted small">{e.email}</div>}
              </td>
              <td data-label={t('employees.number')}>{e.sipNumber ?? '—'}</td>
              <td data-label={t('employees.devices')}>{e.devices}</td>
              <td data-label={t('employees.state')}>
                {t(
                  e.enabled === null
                    ? 'employees.noNumber'
                    : e.enabled
                      ? 'employees.on'
                      : 'employees.off',
                )}
              </td>
              <td>
                {/* Named "Delete" only, so the employee's name finds just the entry that opens them. */}
                <button
                  type="button"
                  aria-describedby={`${id}-${e.id}`}
                  onClick={() => setConfirming(e)}
                >
                  {t('employees.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
