import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app/services';

/** The registration state in words: what is wrong, and that it is reconnecting. */
export function useRegistrationText(): { text: string; problem: boolean } {
  const { t } = useTranslation();
  const { status, problem, account } = useAppStore((s) => s.registration);
  if (status === 'failed') return { text: t(`status.${problem ?? 'unknown'}`), problem: true };
  if (status === 'registered') {
    return { text: t('status.registered', { number: account?.sipNumber ?? '' }), problem: false };
  }
  return { text: t(`status.${status}`), problem: false };
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
