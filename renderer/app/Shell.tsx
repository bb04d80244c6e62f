import { Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CallAnnouncer } from '../features/call/CallAnnouncer';
import { SignIn } from '../features/sign-in/SignIn';
import { ScreenBoundary } from './ScreenBoundary';
import { useAppStore, useServices } from './services';
import { TabBar } from './TabBar';

/** Problems that a new password or an administrator must fix: back to the sign-in screen. */
const SIGN_IN_AGAIN = new Set([
  'wrong-password',
  'number-disabled',
  'device-limit',
  'auth-throttled',
]);

/**
 * The Phone and Admin tabs. A signed-in phone stays mounted (hidden) on the Admin tab, so its
 * calls, audio and tones go on; the Admin tab and the sign-in form are mounted only when shown.
 */
export function Shell() {
  const id = useId();
  const tab = useAppStore((s) => s.tab);
  const { status, problem, account } = useAppStore((s) => s.registration);
  const signingIn = !account || (status === 'failed' && SIGN_IN_AGAIN.has(problem ?? ''));
  const ids = { phone: `${id}-phone`, admin: `${id}-admin` };
  const { t } = useTranslation();
  const { store, screens } = useServices();
  const { Phone, Admin } = screens;
  const loading = <p className="muted">{t('forms.loading')}</p>;
  const adminPage = useAppStore((s) => s.admin.page);

  return (
    <main className={tab === 'admin' ? 'app wide' : 'app'}>
      <TabBar ids={ids} />
      <div
        role="tabpanel"
        id={`${ids.phone}-panel`}
        aria-labelledby={`${ids.phone}-tab`}
        hidden={tab !== 'phone'}
        className="tab-panel"
      >
        {signingIn ? (
          tab === 'phone' && <SignIn />
        ) : (
          <Suspense fallback={loading}>
            <Phone />
          </Suspense>
        )}
      </div>
      <div
        role="tabpanel"
        id={`${ids.admin}-panel`}
        aria-labelledby={`${ids.admin}-tab`}
        hidden={tab !== 'admin'}
        className="tab-panel"
      >
        {tab === 'admin' && (
          <ScreenBoundary
            screen="admin"
            resetKey={JSON.stringify(adminPage)}
            wayBack={{
              label: t('failed.backToEmployees'),
              run: () => store.getState().showAdminPage({ name: 'employees' }),
            }}
          >
            <Suspense fallback={loading}>
              <Admin />
            </Suspense>
          </ScreenBoundary>
        )}
      </div>
      <CallAnnouncer />
    </main>
  );
}
