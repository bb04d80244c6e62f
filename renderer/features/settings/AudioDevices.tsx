import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import { canChooseOutput, devicesFor, type DeviceEntry, type DeviceRole } from './media-devices';
import { useMediaDevices } from './use-media-devices';

/**
 * Microphone, speaker and ringer. A new microphone is switched at once in the calls in
 * progress; the speaker and ringer only where the browser can choose an output (setSinkId).
 */
export function AudioDevices() {
  const { t } = useTranslation();
  const id = useId();
  const { store, adapter } = useServices();
  const audio = useAppStore((s) => s.settings.audio);
  const { supported, devices, revealNames } = useMediaDevices();
  const [switchFailed, setSwitchFailed] = useState(false);
  const choose = (role: DeviceRole, deviceId: string) => {
    const value = deviceId || undefined;
    const { settings, updateSettings } = store.getState();
    updateSettings({ audio: { ...settings.audio, [role]: value } });
    if (role === 'microphone') void adapter.setMicrophone(value).then((ok) => setSwitchFailed(!ok));
  };
  const select = (role: DeviceRole, help?: string) => (
    <DeviceSelect role={role} devices={devices} value={audio[role]} onChange={choose} help={help} />
  );
  const unnamed = devices.length > 0 && devices.every((d) => !d.label);
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('desktop.devices.title')}</h2>
      {!supported && <p className="note">{t('desktop.devices.unavailable')}</p>}
      {supported && select('microphone')}
      {switchFailed && (
        <p className="error" role="alert">
          {t('desktop.devices.switchFailed')}
        </p>
      )}
      {supported && canChooseOutput() && (
        <>
          {select('speaker')}
          {select('ringer', t('desktop.devices.ringerHelp'))}
        </>
      )}
      {supported && !canChooseOutput() && (
        <p className="muted small">{t('desktop.devices.noOutputChoice')}</p>
      )}
      {unnamed && (
        <div className="field">
          <button type="button" onClick={() => void revealNames()}>
            {t('desktop.devices.showNames')}
          </button>
          <p className="muted small">{t('desktop.devices.namesHelp')}</p>
        </div>
      )}
    </section>
  );
}

interface DeviceSelectProps {
  role: DeviceRole;
  devices: readonly DeviceEntry[];
  value: string | undefined;
  onChange(role: DeviceRole, deviceId: string): void;
  help?: string | undefined;
}

/** One role's device: "System default", then the devices by name (or numbered, unnamed). */
function DeviceSelect({ role, devices, value, onChange, help }: DeviceSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  const options = devicesFor(role, devices);
  const kind = t(role === 'microphone' ? 'desktop.devices.microphone' : 'desktop.devices.speaker');
  const listed = options.some((d) => d.deviceId === value);
  return (
    <div className="field">
      <label htmlFor={id}>{t(`desktop.devices.${role}`)}</label>
      <select
        id={id}
        value={listed ? value : ''}
        aria-describedby={help ? `${id}-help` : undefined}
        onChange={(e) => onChange(role, e.target.value)}
      >
        <option value="">{t('desktop.devices.default')}</option>
        {options.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || t('desktop.devices.unnamed', { kind, n: i + 1 })}
          </option>
        ))}
      </select>
      {help && (
        <p id={`${id}-help`} className="muted small">
          {help}
        </p>
      )}
    </div>
  );
}
