import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialer } from '../features/dialer/Dialer';
import { History } from '../features/history/History';
import { Lines } from '../features/lines/Lines';
import { LinesPanel } from '../features/lines/LinesPanel';
import { AbsenceBanner } from '../features/my-number/AbsenceBanner';
import { DisabledBanner } from '../features/my-number/DisabledBanner';
import { MyNumberCard } from '../features/my-number/MyNumberCard';
import { DeviceNotice } from '../features/settings/DeviceNotice';
import { Settings } from '../features/settings/Settings';
import { StatusBar } from '../features/status/StatusBar';
import { ScreenBoundary } from './ScreenBoundary';
import { useAppStore, useServices } from './services';
import { signOut } from './session';

/**
 * Signed in: status line, absence, the lines of the number, then the call in progress, or my
 * number, the dialer and history.
 */
export function Phone() {
  const { t } = useTranslation();
  const services = useServices();
  const [settings, setSettings] = useState(false);
  const inCall = useAppStore((s) => s.lines.order.length > 0);
  // A number to dial (a tel:/sip: link) brings the dialer back from the settings.
  const dialling = useAppStore((s) => s.pendingDial !== undefined);
  if (dialling && settings) setSettings(false);
  return (
    <>
      <ScreenBoundary screen="phone">
        <header className="top-bar">
          <StatusBar />
          <button type="button" aria-pressed={settings} onClick={() => setSettings(!settings)}>
            {settings ? t('app.back') : t('app.settings')}
          </button>
          <button type="button" onClick={() => void signOut(services)}>
            {t('app.signOut')}
          </button>
        </header>
        <DeviceNotice />
        <DisabledBanner />
        <AbsenceBanner />
      </ScreenBoundary>
      <ScreenBoundary screen="phone">
        <LinesPanel />
      </ScreenBoundary>
      {inCall && <Lines />}
      <ScreenBoundary screen="phone">
        {settings ? (
          <Settings />
        ) : (
          !inCall && (
            <>
              <MyNumberCard />
              <Dialer />
              <History />
            </>
          )
        )}
      </ScreenBoundary>
    </>
  );
}
