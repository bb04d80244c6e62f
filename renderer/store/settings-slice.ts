import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type Language = 'en' | 'ru';
export type DtmfMethod = 'rfc4733' | 'info';

/** An ICE server as configured: plain data, the same shape as RTCIceServer. */
export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface SettingsData {
  dtmfMethod: DtmfMethod;
  language: Language;
  iceServers: IceServerConfig[];
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
});

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
  };
}

export const createSettingsSlice =
  (initial: SettingsData): StateCreator<AppState, [], [], SettingsSlice> =>
  (set) => ({
    settings: initial,
    updateSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  });
