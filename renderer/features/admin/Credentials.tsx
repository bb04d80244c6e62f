import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmployeeDetail } from '../../../shared/api';
import { errorSentence } from '../forms/error-text';
import { ResetPassword } from './ResetPassword';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/** What an IP phone needs to register (never the password), and the password reset. */
export function Credentials({ employee, onReset }: { employee: EmployeeDetail; onReset(): void }) {
  const { t, i18n } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const changedAt = employee.sipNumber?.passwordChangedAt ?? '';
  const credentials = useResource(() => api.credentials(employee.id), changedAt);
  const company = useResource(() => api.company(), 'company');
  const c = credentials.data;
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const port = (value: number | null) => (value === null ? t('credentials.off') : String(value));

  return (
    <section className="credentials" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('credentials.title')}</h3>
      {credentials.error !== undefined && (
        <p className="error" role="alert">
          {errorSentence(t, credentials.error)}
        </p>
      )}
      {c && (
        <dl className="facts">
          <dt>{t('credentials.employee')}</dt>
          <dd>{c.employee.name}</dd>
          <dt>{t('credentials.server')}</dt>
          <dd>{c.server}</dd>
          <dt>{t('credentials.domain')}</dt>
          <dd>{c.domain}</dd>
          <dt>{t('credentials.login')}</dt>
          <dd>{c.login}</dd>
          <dt>{t('credentials.ports')}</dt>
          <dd>
            UDP {port(c.ports.udp)} · TCP {port(c.ports.tcp)} · TLS {port(c.ports.tls)} · WS{' '}
            {port(c.ports.ws)} · WSS {port(c.ports.wss)}
          </dd>
          <dt>{t('credentials.changed')}</dt>
          <dd>{when.format(new Date(c.passwordChangedAt))}</dd>
        </dl>
      )}
      <ResetPassword
        employee={employee}
        mailConfigured={company.data?.mailConfigured}
        onReset={onReset}
      />
    </section>
  );
}
