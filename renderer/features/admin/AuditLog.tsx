import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../forms/error-text';
import { Pager } from './Pager';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/** Audit entries shown per page. */
export const AUDIT_PAGE = 50;

/** A value of an audit entry as one line: `—` for nothing, JSON for the rest. */
export function auditValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Who changed what, when, from what to what; newest first, in pages. */
export function AuditLog() {
  const { t, i18n } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const [offset, setOffset] = useState(0);
  const log = useResource(() => api.audit({ offset, limit: AUDIT_PAGE }), String(offset));
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <section className="audit" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('audit.title')}</h2>
      {log.error !== undefined && (
        <p className="error" role="alert">
          {errorSentence(t, log.error)}
        </p>
      )}
      {log.data?.items.length === 0 && <p className="muted">{t('audit.none')}</p>}
      {log.data && log.data.items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.change')}</th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((e) => (
              <tr key={e.id}>
                <td data-label={t('audit.when')}>{when.format(new Date(e.at))}</td>
                <td data-label={t('audit.who')}>{e.actor}</td>
                <td data-label={t('audit.what')}>
                  {e.action} <span className="muted">{e.target}</span>
                </td>
                <td className="change" data-label={t('audit.change')}>
                  {auditValue(e.before)} → {auditValue(e.after)}
                </td>
              </tr>
            ))}
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
