import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import type { DtmfMethod, Language } from '../../store';
import { AudioDevices } from './AudioDevices';
import { DesktopSettings } from './DesktopSettings';
import { DoNotDisturbSwitch } from './DoNotDisturbSwitch';
import { formatIceServers, parseIceServers } from './ice-servers';

/**
 * Language (applies at once), DTMF method and ICE servers (from the next sign-in); audio
 * devices, do not disturb, and in the desktop app the tray and global shortcuts.
 */
export function Settings() {
  const { t } = useTranslation();
  const { store, host } = useServices();
  const settings = useAppStore((s) => s.settings);
  const id = useId();
  const [ice, setIce] = useState(() => formatIceServers(settings.iceServers));
  const [saved, setSaved] = useState(false);
  const update = store.getState().updateSettings;

  const save = (event: FormEvent) => {
    event.preventDefault();
    update({ iceServers: parseIceServers(ice) });
    setIce(formatIceServers(parseIceServers(ice)));
    setSaved(true);
  };

  return (
    <>
      <form className="settings" onSubmit={save}>
        <h2>{t('settings.title')}</h2>
        <div className="field">
          <label htmlFor={`${id}-lang`}>{t('settings.language')}</label>
          <select
            id={`${id}-lang`}
            value={settings.language}
            onChange={(e) => update({ language: e.target.value as Language })}
          >
            <option value="en">{t('languages.en')}</option>
            <option value="ru">{t('languages.ru')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-dtmf`}>{t('settings.dtmf')}</label>
          <select
            id={`${id}-dtmf`}
            value={settings.dtmfMethod}
            onChange={(e) => update({ dtmfMethod: e.target.value as DtmfMethod })}
          >
            <option value="rfc4733">{t('settings.dtmfRfc4733')}</option>
            <option value="info">{t('settings.dtmfInfo')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-ice`}>{t('settings.ice')}</label>
          <textarea
            id={`${id}-ice`}
            rows={3}
            value={ice}
            aria-describedby={`${id}-ice-help`}
            onChange={(e) => {
              setIce(e.target.value);
              setSaved(false);
            }}
          />
          <p id={`${id}-ice-help`} className="muted small">
            {t('settings.iceHelp')}
          </p>
        </div>
        <button type="submit">{t('settings.save')}</button>
        {saved && <p role="status">{t('settings.saved')}</p>}
      </form>
      <AudioDevices />
      <DoNotDisturbSwitch />
      {host.desktop && <DesktopSettings desktop={host.desktop} />}
    </>
  );
}
