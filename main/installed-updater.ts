import type { AutoUpdater } from './auto-update';

/**
 * The updater main starts: electron-updater's `autoUpdater` once that package is a
 * dependency (then this file becomes `export { autoUpdater as installedUpdater } from
 * 'electron-updater';`). It is not installed yet, so there is none and updates are off.
 */
export const installedUpdater: AutoUpdater | undefined = undefined;
