import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/services';
import { errorSentence } from '../forms/error-text';
import { CreateEmployee } from './CreateEmployee';
import { EmployeeTable } from './EmployeeTable';
import { Pager } from './Pager';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/** Employees shown per page. */
export const EMPLOYEES_PAGE = 50;
/** How long typing must pause before the search is sent. */
export const SEARCH_DELAY_MS = 300;

/** The company's employees: search, pages, create, open, delete. */
export function EmployeeList() {
  const { t } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const changes = useAppStore((s) => s.admin.changes.employees);
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(text.trim());
      setOffset(0);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const list = useResource(
    () => api.listEmployees({ search: search || undefined, offset, limit: EMPLOYEES_PAGE }),
    JSON.stringify([search, offset, changes]),
  );

  return (
    <section className="employees" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('employees.title')}</h2>
      <div className="toolbar">
        <input
          type="search"
          aria-label={t('employees.search')}
          placeholder={t('employees.searchHint')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {!creating && (
          <button type="button" onClick={() => setCreating(true)}>
            {t('employees.new')}
          </button>
        )}
      </div>
      {creating && <CreateEmployee onDone={() => setCreating(false)} onCreated={list.reload} />}
      {list.error !== undefined && (
        <p className="error" role="alert">
          {errorSentence(t, list.error)}
        </p>
      )}
      {list.data ? (
        <>
          <EmployeeTable
            employees={list.data.items}
            searched={search !== ''}
            onDeleted={list.reload}
          />
          <Pager
            offset={offset}
            limit={EMPLOYEES_PAGE}
            total={list.data.total}
            onOffset={setOffset}
            label={t('employees.pages')}
          />
        </>
      ) : (
        list.loading && <p className="muted">{t('forms.loading')}</p>
      )}
    </section>
  );
}
