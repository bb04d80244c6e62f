import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import type { AdminPage } from '../../store';
import { signOutAdmin } from './admin-session';
import { AuditLog } from './AuditLog';
import { CompanyNumbers } from './CompanyNumbers';
import { EmployeeList } from './EmployeeList';
import { EmployeePage } from './EmployeePage';
import { StorageBanner } from './StorageBanner';
import { useAdminEvents } from './use-admin-events';

const SECTIONS = ['employees', 'numbers', 'audit'] as const;

/** The signed-in admin: company, sections, and the page open; live updates while shown. */
export function AdminConsole() {
  const { t } = useTranslation();
  const services = useServices();
  const session = useAppStore((s) => s.admin.session);
  const page = useAppStore((s) => s.admin.page);
  useAdminEvents();
  const section = page.name === 'employee' ? 'employees' : page.name;
  const show = (next: AdminPage) => services.store.getState().showAdminPage(next);

  return (
    <div className="admin">
      <header className="top-bar">
        <p className="admin-who">
          <strong>{session?.company.name}</strong>{' '}
          <span className="muted small">{session?.email}</span>
        </p>
        <button type="button" onClick={() => void signOutAdmin(services)}>
          {t('app.signOut')}
        </button>
      </header>
      <nav className="admin-nav" aria-label={t('admin.sections')}>
        {SECTIONS.map((name) => (
          <button
            key={name}
            type="button"
            aria-current={section === name ? 'page' : undefined}
            onClick={() => show({ name })}
          >
            {t(`admin.section.${name}`)}
          </button>
        ))}
      </nav>
      <StorageBanner />
      {page.name === 'employees' && <EmployeeList />}
      {page.name === 'employee' && <EmployeePage key={page.id} id={page.id} />}
      {page.name === 'numbers' && <CompanyNumbers />}
      {page.name === 'audit' && <AuditLog />}
    </div>
  );
}
