import { autoUpdater } from 'electron-updater';
import type { AutoUpdater } from './auto-update';

/** The updater main starts: electron-updater's, seen through the small interface main uses. */
export const installedUpdater: AutoUpdater | undefined = autoUpdater;
