import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { hasStatus } from '../../api';
import { useAppStore, useServices } from '../../app/services';
import { errorSentence } from '../forms/error-text';
import { Absences } from './Absences';
import { CallerIdCheck } from './CallerIdCheck';
import { Credentials } from './Credentials';
import { EmployeeEdit } from './EmployeeEdit';
import { SipNumberCard } from './SipNumberCard';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/**
 * One employee: name and e-mail, the SIP-number card, "which number will the client see",
 * credentials, absence periods.
 */
export function EmployeePage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const api = useAdminApi();
  const titleId = useId();
  const absenceStart = useRef<HTMLInputElement>(null);
  const employees = useAppStore((s) => s.admin.changes.employees);
  const number = useAppStore((s) => s.admin.changes.number[id] ?? 0);
  const detail = useResource(() => api.getEmployee(id), `${employees}:${number}`);
  const employee = detail.data;

  return (
    <article className="employee-page" aria-labelledby={titleId}>
      <button
        type="button"
        className="link"
        onClick={() => store.getState().showAdminPage({ name: 'employees' })}
      >
        {t('employee.back')}
      </button>
      {detail.error !== undefined && (
        <p className="error" role="alert">
          {hasStatus(detail.error, 404) ? t('employee.gone') : errorSentence(t, detail.error)}
        </p>
      )}
      {!employee && detail.loading && <p className="muted">{t('forms.loading')}</p>}
      {employee && (
        <>
          <h2 id={titleId}>{employee.name}</h2>
          <EmployeeEdit employee={employee} onSaved={detail.reload} />
          {employee.sipNumber ? (
            <>
              <SipNumberCard
                employeeId={id}
                view={employee.sipNumber}
                onChanged={detail.reload}
                onOfferAbsence={() => absenceStart.current?.focus()}
              />
              <CallerIdCheck employeeId={id} />
              <Credentials employee={employee} onReset={detail.reload} />
              <Absences employeeId={id} startRef={absenceStart} />
            </>
          ) : (
            <p className="muted">{t('employee.noNumber')}</p>
          )}
        </>
      )}
    </article>
  );
}
