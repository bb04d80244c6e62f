import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DesktopIntegration } from '../../host/desktop-integration';
import { HotkeysForm } from './HotkeysForm';

/** What only the desktop app has: close to the tray, and the global shortcuts. */
export function DesktopSettings({ desktop }: { desktop: DesktopIntegration }) {
  const { t } = useTranslation();
  const id = useId();
  const [closeToTray, setCloseToTray] = useState<boolean>();
  useEffect(() => {
    let current = true;
    desktop
      .loadPreferences()
      .then((preferences) => current && setCloseToTray(preferences.closeToTray))
      .catch((error: unknown) => console.warn('preferences', error));
    return () => {
      current = false;
    };
  }, [desktop]);
  const change = (enabled: boolean) => {
    setCloseToTray(enabled);
    desktop
      .savePreferences({ closeToTray: enabled })
      .then((saved) => setCloseToTray(saved.closeToTray))
      .catch((error: unknown) => console.warn('preferences', error));
  };
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('desktop.app.title')}</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={closeToTray ?? false}
          disabled={closeToTray === undefined}
          onChange={(e) => change(e.target.checked)}
        />
        {t('desktop.app.closeToTray')}
      </label>
      <HotkeysForm desktop={desktop} />
    </section>
  );
}
