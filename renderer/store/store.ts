import { createStore, type StoreApi } from 'zustand/vanilla';
import { createHistorySlice, sanitiseHistory, type HistorySlice } from './history-slice';
import { createLinesSlice, initialLines, type LinesSlice } from './lines-slice';
import {
  createRegistrationSlice,
  initialRegistration,
  type RegistrationSlice,
} from './registration-slice';
import {
  createSettingsSlice,
  defaultSettings,
  detectLanguage,
  sanitiseSettings,
  type Language,
  type SettingsSlice,
} from './settings-slice';
import { defaultStorage, readJson, writeJson, type KeyValueStorage } from './storage';
import { createAdminSlice, initialAdmin, type AdminSlice } from './admin-slice';
import { createMyNumberSlice, initialMyNumber, type MyNumberSlice } from './my-number-slice';
import { createShellSlice, type ShellSlice } from './shell-slice';
import { createDirectorySlice, initialDirectory, type DirectorySlice } from './directory-slice';

export interface ResetSlice {
  /** Back to a fresh state (signed out, no calls, no history, default settings); for tests. */
  reset(): void;
}

export type AppState = RegistrationSlice &
  LinesSlice &
  HistorySlice &
  SettingsSlice &
  ShellSlice &
  AdminSlice &
  MyNumberSlice &
  DirectorySlice &
  ResetSlice;
export type AppStore = StoreApi<AppState>;

export const HISTORY_KEY = 'softphone.history';
export const SETTINGS_KEY = 'softphone.settings';
export const MISSED_SEEN_KEY = 'softphone.missed-seen';

export interface AppStoreOptions {
  /** Where history and settings are kept; localStorage by default. */
  storage?: KeyValueStorage;
  /** The language before the user picks one; navigator.language by default. */
  language?: Language;
}

/** The one bound store: every slice combined, history and settings persisted. */
export function createAppStore(options: AppStoreOptions = {}): AppStore {
  const storage = options.storage ?? defaultStorage();
  const defaults = defaultSettings(
    options.language ?? detectLanguage(globalThis.navigator?.language),
  );
  const settings = sanitiseSettings(readJson(storage, SETTINGS_KEY), defaults);
  const history = sanitiseHistory(readJson(storage, HISTORY_KEY));
  const seen = readJson(storage, MISSED_SEEN_KEY);

  const store = createStore<AppState>()((set, get, api) => ({
    ...createRegistrationSlice(set, get, api),
    ...createLinesSlice(set, get, api),
    ...createHistorySlice(history, typeof seen === 'number' ? seen : 0)(set, get, api),
    ...createSettingsSlice(settings)(set, get, api),
    ...createShellSlice(set, get, api),
    ...createAdminSlice(set, get, api),
    ...createMyNumberSlice(set, get, api),
    ...createDirectorySlice(set, get, api),
    reset: () =>
      set({
        registration: initialRegistration(),
        lines: initialLines(),
        history: [],
        missedSeenAt: 0,
        settings: defaults,
        tab: 'phone',
        pendingDial: undefined,
        admin: initialAdmin(),
        myNumber: initialMyNumber(),
        directory: initialDirectory(),
      }),
  }));

  store.subscribe((state, previous) => {
    if (state.history !== previous.history) writeJson(storage, HISTORY_KEY, state.history);
    if (state.missedSeenAt !== previous.missedSeenAt) {
      writeJson(storage, MISSED_SEEN_KEY, state.missedSeenAt);
    }
    if (state.settings !== previous.settings) writeJson(storage, SETTINGS_KEY, state.settings);
  });
  return store;
}
