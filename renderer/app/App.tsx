import { useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { useStore } from 'zustand';
import { useHostWiring } from '../features/desktop/wire-host';
import { createI18n } from '../i18n';
import { ServicesContext, type Services } from './services';
import { Shell } from './Shell';

export interface AppProps {
  /** Made once by createServices (main.tsx), so the sign-in code shares them; tests pass fakes. */
  services: Services;
}

/** The softphone: translations and services around the shell (Phone and Admin tabs). */
export function App({ services }: AppProps) {
  const language = useStore(services.store, (s) => s.settings.language);
  const [i18n] = useState(() => createI18n(language));
  useHostWiring(services, i18n);
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);

  return (
    <I18nextProvider i18n={i18n}>
      <ServicesContext.Provider value={services}>
        <Shell />
      </ServicesContext.Provider>
    </I18nextProvider>
  );
}
