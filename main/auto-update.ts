import type { Logger } from './ipc/handle';

/**
 * The part of electron-updater's `autoUpdater` the app drives; its `autoUpdater` object fits
 * as it is, so the package plugs in without an adapter (see `installed-updater.ts`).
 */
export interface AutoUpdater {
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Overrides at run time the feed baked in at build time (electron-builder's `publish.url`). */
export const UPDATE_FEED_ENV = 'SOFTPHONE_UPDATE_URL';

/** Checking more often finds nothing new; less often leaves a fix waiting a day. */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Whether the app is packaged, the environment (the feed), a log, a timer for tests. */
export interface AutoUpdateOptions {
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  log: Logger & { info(message: string): void };
  setInterval?: (check: () => void, ms: number) => unknown;
}

/** The feed URL from the environment, if it is an https URL (updates never come over http). */
export function updateFeedOverride(env: AutoUpdateOptions['env'], log: Logger): string | undefined {
  const url = env[UPDATE_FEED_ENV];
  if (!url) return undefined;
  if (URL.canParse(url) && new URL(url).protocol === 'https:') return url;
  log.warn(`auto-update: ${UPDATE_FEED_ENV} is not an https URL; using the built-in feed`);
  return undefined;
}

/**
 * Checks for updates at start and every six hours, downloads them in the background and
 * installs them on quit (electron-updater's `checkForUpdatesAndNotify`). Only a packaged app
 * updates; without an updater (electron-updater not installed) it says so once and does nothing.
 */
export function startAutoUpdates(
  updater: AutoUpdater | undefined,
  { isPackaged, env, log, setInterval = globalThis.setInterval }: AutoUpdateOptions,
): boolean {
  if (!isPackaged) return false;
  if (!updater) {
    log.info('auto-update: no updater is installed (electron-updater); updates are off');
    return false;
  }
  const feed = updateFeedOverride(env, log);
  if (feed) updater.setFeedURL({ provider: 'generic', url: feed });
  updater.on('error', (error) => log.warn(`auto-update: ${error.message}`));
  const check = () => {
    updater.checkForUpdatesAndNotify().catch((error: unknown) => {
      log.warn(`auto-update: check failed (${error instanceof Error ? error.message : error})`);
    });
  };
  check();
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  return true;
}
