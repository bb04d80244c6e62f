export { createAppStore, HISTORY_KEY, SETTINGS_KEY } from './store';
export type { AppState, AppStore, AppStoreOptions } from './store';
export { createSinkForStore } from './sink';
export { HISTORY_LIMIT, isMissed, selectUnseenMissed } from './history-slice';
export type { HistoryEntry } from './history-slice';
export type { AccountInfo, ServerKind } from './registration-slice';
export { detectLanguage } from './settings-slice';
export type {
  AudioDeviceChoice,
  DtmfMethod,
  IceServerConfig,
  Language,
  SettingsData,
} from './settings-slice';
export { memoryStorage } from './storage';
export type { KeyValueStorage } from './storage';
export * from './selectors';
export type { AdminChanges, AdminData, AdminPage, AdminSessionData } from './admin-slice';
export type { MyNumberData, MyNumberStatus } from './my-number-slice';
export type { Tab } from './shell-slice';
export { nameOf } from './directory-slice';
export type { DirectoryData, DirectoryEntry } from './directory-slice';
