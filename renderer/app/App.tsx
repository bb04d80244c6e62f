import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { useStore } from 'zustand';
import type { Host } from '../host/host';
import { createI18n } from '../i18n';
import type { SipAdapter } from '../sip/types';
import type { AppStore } from '../store';
import { SignIn } from '../features/sign-in/SignIn';
import { Phone } from './Phone';
import { ServicesContext, type Services } from './services';
import { createWebAudioTones, type TonePlayer } from './tones';

export interface AppProps {
  adapter: SipAdapter;
  host: Host;
  store: AppStore;
  /** Ringback, ringtone and waiting tones; WebAudio unless a test passes a fake. */
  tones?: TonePlayer;
}

/** Problems that a new password or an administrator must fix: back to the sign-in screen. */
const SIGN_IN_AGAIN = new Set([
  'wrong-password',
  'number-disabled',
  'device-limit',
  'auth-throttled',
]);

/** The softphone: the sign-in screen until signed in, then the phone. */
export function App({ adapter, host, store, tones }: AppProps) {
  const services = useMemo<Services>(
    () => ({ adapter, host, store, tones: tones ?? createWebAudioTones() }),
    [adapter, host, store, tones],
  );
  const language = useStore(store, (s) => s.settings.language);
  const [i18n] = useState(() => createI18n(language));
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);

  const { status, problem, account } = useStore(store, (s) => s.registration);
  const signingIn = !account || (status === 'failed' && SIGN_IN_AGAIN.has(problem ?? ''));

  return (
    <I18nextProvider i18n={i18n}>
      <ServicesContext.Provider value={services}>
        <main className="app">{signingIn ? <SignIn /> : <Phone />}</main>
      </ServicesContext.Provider>
    </I18nextProvider>
  );
}
