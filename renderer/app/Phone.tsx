import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Confirm } from '../features/forms/Confirm';
import { isLive } from '../features/lines/line-slots';
import { AbsenceBanner } from '../features/my-number/AbsenceBanner';
import { DisabledBanner } from '../features/my-number/DisabledBanner';
import { MyNumberCard } from '../features/my-number/MyNumberCard';
import { DeviceNotice } from '../features/settings/DeviceNotice';
import { RegistrationNotice, StatusBar } from '../features/status/StatusBar';
import { TakeOver } from '../features/take-over/TakeOver';
import { selectCalls } from '../store';
import { Icon } from './Icon';
import { PhoneBody } from './PhoneBody';
import { ScreenBoundary } from './ScreenBoundary';
import { useAppStore, useServices } from './services';
import { signOut } from './session';

/**
 * Signed in, designed for a window 360–420 px wide first: a one-line header (status, My
 * number, settings, sign out) with My number as a details panel, the banners, the lines, then
 * the call in progress or the dialer; recent calls after it, beside it on a wide screen.
 */
export function Phone() {
  const { t } = useTranslation();
  const services = useServices();
  const id = useId();
  const [settings, setSettings] = useState(false);
  const [details, setDetails] = useState(false);
  const talking = useAppStore((s) => selectCalls(s).some(isLive));
  const [askSignOut, setAskSignOut] = useState(false);
  // A number to dial (a tel:/sip: link) brings the dialer back from the settings.
  const dialling = useAppStore((s) => s.pendingDial !== undefined);
  if (dialling && settings) setSettings(false);
  const settingsLabel = settings ? t('app.back') : t('app.settings');
  return (
    <div className="phone">
      <ScreenBoundary screen="phone">
        <header className="phone-header">
          <StatusBar />
          <button
            type="button"
            className="icon"
            aria-expanded={details}
            aria-controls={`${id}-details`}
            aria-label={t('myNumber.title')}
            title={t('myNumber.title')}
            onClick={() => setDetails(!details)}
          >
            <Icon name="person" />
          </button>
          <button
            type="button"
            className="icon"
            aria-pressed={settings}
            aria-label={settingsLabel}
            title={settingsLabel}
            onClick={() => setSettings(!settings)}
          >
            <Icon name={settings ? 'back' : 'settings'} />
          </button>
          <button
            type="button"
            className="icon"
            aria-label={t('app.signOut')}
            title={t('app.signOut')}
            onClick={() => (talking ? setAskSignOut(true) : void signOut(services))}
          >
            <Icon name="signOut" />
          </button>
        </header>
        {askSignOut && talking && (
          <Confirm
            title={t('app.signOutInCall')}
            actions={[
              {
                label: t('app.signOutEndCalls'),
                className: 'danger',
                onClick: () => {
                  setAskSignOut(false);
                  void signOut(services);
                },
              },
              { label: t('forms.cancel'), onClick: () => setAskSignOut(false) },
            ]}
          >
            <p>{t('app.signOutEnds')}</p>
          </Confirm>
        )}
        <div id={`${id}-details`} className="details-panel" hidden={!details}>
          {details && <MyNumberCard />}
        </div>
        <RegistrationNotice />
        <TakeOver />
        <DeviceNotice />
        <DisabledBanner />
        <AbsenceBanner />
      </ScreenBoundary>
      <PhoneBody settings={settings} />
    </div>
  );
}
