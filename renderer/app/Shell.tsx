import { Suspense, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CallAnnouncer } from '../features/call/CallAnnouncer';
import { SignIn } from '../features/sign-in/SignIn';
import type { RegistrationData } from '../store/registration-slice';
import { ScreenBoundary } from './ScreenBoundary';
import { useAppStore, useServices } from './services';
import { TabBar } from './TabBar';

/**
 * Problems only a new sign-in fixes: the sign-in screen. Not `device-limit` nor `taken-over`:
 * the phone stays and offers to take the number's place over (SPEC §3 Devices).
 */
const SIGN_IN_AGAIN: ReadonlySet<string> = new Set([
  'wrong-password',
  'password-changed',
  'number-removed',
  'device-sign-in-ended',
  'auth-throttled',
  'server-not-found',
]);

/**
 * Problems an admin may lift: a phone that was registered stays, says why and tries again (it
 * rings again once the number is enabled); a first sign-in goes back to the form.
 */
const WAIT_WHEN_REGISTERED: ReadonlySet<string> = new Set(['number-disabled', 'company-suspended']);

/** Whether the phone tab shows the sign-in form for this registration state. */
export function showsSignIn(registration: RegistrationData): boolean {
  const { status, problem = '', account, wasRegistered } = registration;
  if (!account) return true;
  if (status !== 'failed') return false;
  return SIGN_IN_AGAIN.has(problem) || (!wasRegistered && WAIT_WHEN_REGISTERED.has(problem));
}

/**
 * The Phone and Admin tabs. A signed-in phone stays mounted (hidden) on the Admin tab, so its
 * calls, audio and tones go on; the Admin tab and the sign-in form are mounted only when shown.
 */
export function Shell() {
  const id = useId();
  const tab = useAppStore((s) => s.tab);
  const signingIn = useAppStore((s) => showsSignIn(s.registration));
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
