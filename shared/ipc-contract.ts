import { z } from 'zod';
import {
  hotkeySettingsSchema,
  type HotkeyAction,
  type HotkeyResults,
  type HotkeySettings,
} from './desktop/accelerator';
import { callEventSchema, type CallAction, type CallEvent } from './desktop/call-notifications';
import {
  desktopPreferencesChangeSchema,
  desktopStatusSchema,
  uiLanguageSchema,
  type DesktopPreferences,
  type DesktopStatus,
  type UiLanguage,
} from './desktop/desktop-state';

/**
 * The IPC contract between the Electron main process and the renderer: every channel as a
 * function signature (GitHub Desktop's `ipc-shared.ts`), the zod schema main checks each
 * call's arguments against, and the `window.softphone` bridge the preload exposes.
 */

/** Schemes the app may hand to the operating system; anything else (javascript:, file:) is refused. */
export const EXTERNAL_URL_SCHEMES = ['http:', 'https:', 'tel:', 'sip:', 'mailto:'] as const;

/** Whether `url` parses and uses one of the schemes the operating system may open for us. */
export function isAllowedExternalUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (!(EXTERNAL_URL_SCHEMES as readonly string[]).includes(parsed.protocol)) return false;
  return parsed.protocol.startsWith('http') ? parsed.hostname !== '' : true;
}

/** The account the desktop app remembers; the password only where it is kept encrypted. */
export const storedAccountSchema = z.strictObject({
  server: z.string().trim().min(1).max(512),
  sipNumber: z.string().trim().min(1).max(64),
  password: z.string().max(256).optional(),
});
export type StoredAccount = z.infer<typeof storedAccountSchema>;

/** The Admin tab's sign-in the desktop app remembers; the password only where it is kept encrypted. */
export const storedAdminAccountSchema = z.strictObject({
  server: z.string().trim().min(1).max(512),
  email: z.string().trim().min(1).max(254),
  password: z.string().max(256).optional(),
});
export type StoredAdminAccount = z.infer<typeof storedAdminAccountSchema>;

export interface AppInfo {
  version: string;
  platform: string;
}

/** Renderer → main calls that answer (`ipcRenderer.invoke` / `ipcMain.handle`). */
export interface RequestChannels {
  'account:load': () => StoredAccount | undefined;
  'account:save': (account: StoredAccount) => void;
  'account:forget': () => void;
  'account:can-keep-password': () => boolean;
  'admin-account:load': () => StoredAdminAccount | undefined;
  'admin-account:save': (account: StoredAdminAccount) => void;
  'admin-account:forget': () => void;
  /** A UUID created once per installation, for `+sip.instance`. */
  'instance:id': () => string;
  notify: (title: string, body: string) => void;
  /** Only http(s), tel, sip and mailto links. */
  'open-external': (url: string) => void;
  'app:info': () => AppInfo;
  /** A call rings, stopped ringing or was missed: main shows or closes its notification. */
  'call:event': (event: CallEvent) => void;
  /** Registration and do-not-disturb, for the tray icon and its menu. */
  'status:report': (status: DesktopStatus) => void;
  /** The UI language, for the tray menu and the notification buttons. */
  'ui:language': (language: UiLanguage) => void;
  /** Registers the global shortcuts (replacing the previous ones) and says how each fared. */
  'hotkeys:set': (settings: HotkeySettings) => HotkeyResults;
  'preferences:load': () => DesktopPreferences;
  /** Changes some preferences and answers all of them as now saved. */
  'preferences:save': (changes: Partial<DesktopPreferences>) => DesktopPreferences;
  /** The number of a tel:/sip:/callto: link that came before the renderer was ready; once. */
  'dial:take-pending': () => string | undefined;
}

/** Main → renderer events (`webContents.send` / `ipcRenderer.on`): each channel's listener. */
export interface EventChannels {
  /** The user answered, declined or clicked a call's notification. */
  'call:action': (action: CallAction) => void;
  /** A global shortcut was pressed. */
  'hotkey:pressed': (action: HotkeyAction) => void;
  /** A tel:/sip:/callto: link was opened: put the number in the dialer. */
  'dial:number': (number: string) => void;
  /** The tray's do-not-disturb checkbox was toggled. */
  'dnd:set': (enabled: boolean) => void;
  /** The computer woke up or was unlocked: register again now, not when it expires. */
  'sip:reregister': () => void;
}

export type EventChannel = keyof EventChannels;
/** The arguments an event carries to its listener. */
export type EventArgs<C extends EventChannel> = Parameters<EventChannels[C]>;

/** Every event channel, for the preload's subscriptions and the tests that check them. */
export const EVENT_CHANNELS = [
  'call:action',
  'hotkey:pressed',
  'dial:number',
  'dnd:set',
  'sip:reregister',
] as const satisfies readonly EventChannel[];

export type RequestChannel = keyof RequestChannels;
export type RequestArgs<C extends RequestChannel> = Parameters<RequestChannels[C]>;
export type RequestResult<C extends RequestChannel> = ReturnType<RequestChannels[C]>;

/** What main accepts as each channel's argument list; a call that does not parse is dropped. */
export const requestSchemas = {
  'account:load': z.tuple([]),
  'account:save': z.tuple([storedAccountSchema]),
  'account:forget': z.tuple([]),
  'account:can-keep-password': z.tuple([]),
  'admin-account:load': z.tuple([]),
  'admin-account:save': z.tuple([storedAdminAccountSchema]),
  'admin-account:forget': z.tuple([]),
  'instance:id': z.tuple([]),
  notify: z.tuple([z.string().max(200), z.string().max(2000)]),
  'open-external': z.tuple([
    z.string().max(2048).refine(isAllowedExternalUrl, 'not an allowed external link'),
  ]),
  'app:info': z.tuple([]),
  'call:event': z.tuple([callEventSchema]),
  'status:report': z.tuple([desktopStatusSchema]),
  'ui:language': z.tuple([uiLanguageSchema]),
  'hotkeys:set': z.tuple([hotkeySettingsSchema]),
  'preferences:load': z.tuple([]),
  'preferences:save': z.tuple([desktopPreferencesChangeSchema]),
  'dial:take-pending': z.tuple([]),
} satisfies { [C in RequestChannel]: z.ZodType<RequestArgs<C>> };

type Invoke<C extends RequestChannel> = (...args: RequestArgs<C>) => Promise<RequestResult<C>>;

/** Stops a subscription. */
export type Unsubscribe = () => void;
type Subscribe<C extends EventChannel> = (listener: EventChannels[C]) => Unsubscribe;

/** The one object the preload exposes as `window.softphone`: a method per request channel. */
export interface SoftphoneBridge {
  readonly deviceKind: 'softphone-desktop';
  readonly loadAccount: Invoke<'account:load'>;
  readonly saveAccount: Invoke<'account:save'>;
  readonly forgetAccount: Invoke<'account:forget'>;
  readonly canKeepPassword: Invoke<'account:can-keep-password'>;
  readonly loadAdminAccount: Invoke<'admin-account:load'>;
  readonly saveAdminAccount: Invoke<'admin-account:save'>;
  readonly forgetAdminAccount: Invoke<'admin-account:forget'>;
  readonly instanceId: Invoke<'instance:id'>;
  readonly notify: Invoke<'notify'>;
  readonly openExternal: Invoke<'open-external'>;
  readonly appInfo: Invoke<'app:info'>;
  readonly reportCallEvent: Invoke<'call:event'>;
  readonly reportStatus: Invoke<'status:report'>;
  readonly setLanguage: Invoke<'ui:language'>;
  readonly setHotkeys: Invoke<'hotkeys:set'>;
  readonly loadPreferences: Invoke<'preferences:load'>;
  readonly savePreferences: Invoke<'preferences:save'>;
  readonly takePendingDial: Invoke<'dial:take-pending'>;
  readonly onCallAction: Subscribe<'call:action'>;
  readonly onHotkey: Subscribe<'hotkey:pressed'>;
  readonly onDialNumber: Subscribe<'dial:number'>;
  readonly onDoNotDisturb: Subscribe<'dnd:set'>;
  readonly onReregister: Subscribe<'sip:reregister'>;
}

declare global {
  interface Window {
    /** Present only in the desktop app (the preload bridge); absent in a plain browser. */
    readonly softphone?: SoftphoneBridge;
  }
}
