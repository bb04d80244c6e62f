import type { StateCreator } from 'zustand';
import type { HotkeySettings } from '../../shared/desktop/accelerator';
import type { AppState } from './store';

export type Language = 'en' | 'ru';
export type DtmfMethod = 'rfc4733' | 'info';

/** An ICE server as configured: plain data, the same shape as RTCIceServer. */
export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** The audio devices chosen (`MediaDeviceInfo.deviceId`); absent means the system default. */
export interface AudioDeviceChoice {
  microphone?: string;
  speaker?: string;
  /** Where the ringtone plays: loudspeakers while a headset takes the call, say. */
  ringer?: string;
}

export interface SettingsData {
  dtmfMethod: DtmfMethod;
  language: Language;
  iceServers: IceServerConfig[];
  audio: AudioDeviceChoice;
  /** Calls ringing here are declined on this device only (486): the number's others ring on. */
  doNotDisturb: boolean;
  /** Global shortcuts (desktop app), as Electron accelerators; empty or absent is off. */
  hotkeys: HotkeySettings;
}

export interface SettingsSlice {
  settings: SettingsData;
  updateSettings(patch: Partial<SettingsData>): void;
}

/** ru, ru-RU, ru_RU … → Russian; anything else → English. */
export function detectLanguage(tag: string | undefined): Language {
  return tag?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export const defaultSettings = (language: Language): SettingsData => ({
  dtmfMethod: 'rfc4733',
  language,
  iceServers: [],
  audio: {},
  doNotDisturb: false,
  hotkeys: {},
});

/** Keeps the string fields of `value` named in `keys` (stored settings may be anything). */
function strings<K extends string>(value: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const kept: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const field = v[key];
    if (typeof field === 'string' && field.length <= 256) kept[key] = field;
  }
  return kept;
}

/** Keeps what is valid of stored settings, defaults for the rest. */
export function sanitiseSettings(value: unknown, fallback: SettingsData): SettingsData {
  if (typeof value !== 'object' || value === null) return fallback;
  const v = value as Partial<Record<keyof SettingsData, unknown>>;
  return {
    dtmfMethod:
      v.dtmfMethod === 'info' || v.dtmfMethod === 'rfc4733' ? v.dtmfMethod : fallback.dtmfMethod,
    language: v.language === 'en' || v.language === 'ru' ? v.language : fallback.language,
    iceServers: Array.isArray(v.iceServers)
      ? (v.iceServers as IceServerConfig[]).filter(
          (s) => typeof s?.urls === 'string' || Array.isArray(s?.urls),
        )
      : fallback.iceServers,
    audio: strings(v.audio, ['microphone', 'speaker', 'ringer']),
    doNotDisturb: typeof v.doNotDisturb === 'boolean' ? v.doNotDisturb : fallback.doNotDisturb,
    hotkeys: strings(v.hotkeys, ['answer', 'hangUp']),
  };
}

export const createSettingsSlice =
  (initial: SettingsData): StateCreator<AppState, [], [], SettingsSlice> =>
  (set) => ({
    settings: initial,
    updateSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  });
