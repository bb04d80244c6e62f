import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../forms/error-text';
import { auditWords, namesFrom } from './audit-words';
import { Pager } from './Pager';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/** Audit entries shown per page. */
export const AUDIT_PAGE = 50;

/** Who changed what, when, from what to what, in words with names; newest first, in pages. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const [offset, setOffset] = useState(0);
  const log = useResource(() => api.audit({ offset, limit: AUDIT_PAGE }), String(offset));
  // The audit API names employees by id; their names come from the list (and the entries).
  const employees = useResource(() => api.listEmployees({ limit: 200 }), 'audit');
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const day = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const items = log.data?.items ?? [];
  const names = namesFrom(employees.data?.items ?? [], items);
  const formatDate = (iso: string) => day.format(new Date(iso));

  return (
    <section className="audit" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('audit.title')}</h2>
      {log.error !== undefined && (
        <p className="error" role="alert">
          {errorSentence(t, log.error)}
        </p>
      )}
      {log.data?.items.length === 0 && <p className="muted">{t('audit.none')}</p>}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.change')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => {
              const words = auditWords(t, e, names, formatDate);
              return (
                <tr key={e.id}>
                  <td data-label={t('audit.when')}>{when.format(new Date(e.at))}</td>
                  <td>{words.sentence}</td>
                  <td className="change">
                    {words.changes.length > 0 && (
                      <ul className="plain changes">
                        {words.changes.map((line) => (
                          <li key={line}>{line}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {log.data && (
        <Pager
          offset={offset}
          limit={AUDIT_PAGE}
          total={log.data.total}
          onOffset={setOffset}
          label={t('audit.pages')}
        />
      )}
    </section>
  );
}
