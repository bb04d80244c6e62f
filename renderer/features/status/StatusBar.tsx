import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useServices } from '../../app/services';

/** The registration state in words: what is wrong, and that it is reconnecting. */
export function useRegistrationText(): { text: string; problem: boolean } {
  const { t } = useTranslation();
  const { status, problem, account } = useAppStore(
    useShallow((s) => ({
      status: s.registration.status,
      problem: s.registration.problem,
      account: s.registration.account,
    })),
  );
  if (status === 'failed') return { text: t(`status.${problem ?? 'unknown'}`), problem: true };
  if (status === 'registered') {
    return { text: t('status.registered', { number: account?.sipNumber ?? '' }), problem: false };
  }
  // Reconnecting after a loss or a drop: the reason, not a reassuring "Connecting…".
  if (problem) return { text: t(`status.${problem}`), problem: true };
  return { text: t(`status.${status}`), problem: false };
}

/** A drop the phone recovered from by itself (the device was removed, then signed in again). */
export function RegistrationNotice() {
  const { t } = useTranslation();
  const { dismissRegistrationNotice } = useServices().store.getState();
  const notice = useAppStore((s) => s.registration.notice);
  const registered = useAppStore((s) => s.registration.status === 'registered');
  // While reconnecting the status line says it; the notice is for after.
  if (!notice || !registered) return null;
  return (
    <div className="banner" aria-live="polite">
      <p>
        {t(`status.${notice}`)} {t('status.registeredAgain')}
      </p>
      <button type="button" onClick={dismissRegistrationNotice}>
        {t('status.dismiss')}
      </button>
    </div>
  );
}

/** The sentence on the sign-in screen when registration failed; nothing otherwise. */
export function RegistrationMessage() {
  const { text, problem } = useRegistrationText();
  return problem ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

/** The line at the top of the phone: registered, connecting, or what is wrong. */
export function StatusBar() {
  const { text, problem } = useRegistrationText();
  const status = useAppStore((s) => s.registration.status);
  const doNotDisturb = useAppStore((s) => s.settings.doNotDisturb);
  const { t } = useTranslation();
  return (
    <div className={`status-bar status-${status}`} role="status">
      <span className="dot" aria-hidden="true" />
      <span className={problem ? 'status-text error' : 'status-text'}>{text}</span>
      {doNotDisturb && <span className="dnd-badge">{t('desktop.dnd.on')}</span>}
    </div>
  );
}
