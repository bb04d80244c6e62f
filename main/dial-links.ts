import type { App } from 'electron';
import type { Logger } from './ipc/handle';
import { DIAL_LINK_SCHEMES, findDialLinkInArgv, parseDialLink } from './links';

/** Where opened links wait until the renderer can put their number in the dialer. */
export interface DialInbox {
  /** A link from the OS: refused (and logged) if bad, else delivered now or kept for later. */
  receive(link: unknown): void;
  /** The renderer is ready: the number that waited for it, once; later ones come as events. */
  takePending(): string | undefined;
  /** The renderer is (re)loading: keep links until it asks again. */
  rendererReloading(): void;
}

/** What the inbox needs of the window. */
export interface DialInboxOptions {
  /** Sends `dial:number` to the renderer; false when there is no window to take it. */
  deliver: (number: string) => boolean;
  /** Brings the window forward (if there is one yet). */
  focus: () => void;
  log?: Logger;
}

/** Links parsed in `links.ts`; the latest one waiting wins, since the user clicked it last. */
export function createDialInbox({ deliver, focus, log }: DialInboxOptions): DialInbox {
  let pending: string | undefined;
  let rendererReady = false;
  return {
    receive(link) {
      const number = parseDialLink(link, log);
      if (number === undefined) return;
      focus();
      if (!rendererReady || !deliver(number)) pending = number;
    },
    takePending() {
      rendererReady = true;
      const number = pending;
      pending = undefined;
      return number;
    },
    rendererReloading() {
      rendererReady = false;
    },
  };
}

/**
 * Hands every link to the inbox however it comes: on this start's command line, on a second
 * start's command line (Windows, Linux: the single-instance lock sends it here), or as
 * `open-url` (macOS). Call it before `app.whenReady()`: macOS sends the link that launched
 * the app before `ready`, and the inbox keeps it until the renderer asks.
 */
export function listenForDialLinks(
  app: Pick<App, 'on'>,
  inbox: DialInbox,
  argv: readonly string[],
  onSecondInstance: () => void,
): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.receive(url);
  });
  app.on('second-instance', (_event, commandLine) => {
    onSecondInstance();
    const link = findDialLinkInArgv(commandLine);
    if (link) inbox.receive(link);
  });
  const link = findDialLinkInArgv(argv);
  if (link) inbox.receive(link);
}

/** How this process was started, for registering it as the links' handler. */
export interface LaunchCommand {
  /** True when started as `electron path/to/app` (development), as `process.defaultApp`. */
  defaultApp: boolean;
  execPath: string;
  /** The app's path that `electron` was given, in development. */
  appPath?: string;
}

/**
 * Makes the app the handler of tel:, sip: and callto: links (the installers declare the
 * schemes too). In development the links start Electron with our app's path, as Electron's
 * deep-link guide does.
 */
export function registerDialSchemes(
  app: Pick<App, 'setAsDefaultProtocolClient' | 'isDefaultProtocolClient'>,
  { defaultApp, execPath, appPath }: LaunchCommand,
): void {
  const development = defaultApp && appPath !== undefined;
  for (const scheme of DIAL_LINK_SCHEMES) {
    if (!development) {
      if (!app.isDefaultProtocolClient(scheme)) app.setAsDefaultProtocolClient(scheme);
    } else if (!app.isDefaultProtocolClient(scheme, execPath, [appPath])) {
      app.setAsDefaultProtocolClient(scheme, execPath, [appPath]);
    }
  }
}
