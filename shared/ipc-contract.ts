import { z } from 'zod';
import { hotkeySettingsSchema, type HotkeyAction, type HotkeyResults } from './desktop/accelerator';
import { callEventSchema, type CallAction } from './desktop/call-notifications';
import {
  desktopPreferencesChangeSchema,
  desktopStatusSchema,
  uiLanguageSchema,
  type DesktopPreferences,
} from './desktop/desktop-state';

/**
 * The IPC contract between the Electron main process and the renderer (GitHub Desktop's
 * `ipc-shared.ts`): one table, `IPC`, from which both sides take their types.
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
  domain: z.string().trim().min(1).max(253).optional(),
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

declare const phantom: unique symbol;
/** A type carried by a table entry for the compiler only (a result or an event's arguments). */
interface Carries<T> {
  readonly [phantom]?: T;
}
const carries = <T>(): Carries<T> => ({});

/** Renderer → main, answered (`ipcRenderer.invoke` / `ipcMain.handle`). */
interface InvokeSpec<M extends string, A extends unknown[], R> {
  readonly kind: 'invoke';
  readonly method: M;
  readonly args: z.ZodType<A>;
  readonly result: Carries<R>;
}
/** Renderer → main, fire and forget (`ipcRenderer.send` / `ipcMain.on`): nothing comes back. */
interface SendSpec<M extends string, A extends unknown[]> {
  readonly kind: 'send';
  readonly method: M;
  readonly args: z.ZodType<A>;
}
/** Main → renderer (`webContents.send` / `ipcRenderer.on`). */
interface EventSpec<M extends string, A extends unknown[]> {
  readonly kind: 'event';
  readonly method: M;
  readonly args: Carries<A>;
}

const invoke = <M extends string, A extends unknown[], R>(
  method: M,
  args: z.ZodType<A>,
  result: Carries<R>,
): InvokeSpec<M, A, R> => ({ kind: 'invoke', method, args, result });
const send = <M extends string, A extends unknown[]>(
  method: M,
  args: z.ZodType<A>,
): SendSpec<M, A> => ({ kind: 'send', method, args });
const event = <M extends string, A extends unknown[]>(
  method: M,
  args: Carries<A>,
): EventSpec<M, A> => ({ kind: 'event', method, args });
const none = z.tuple([]);

/**
 * Every IPC channel, declared once: its direction, the `window.softphone` method it becomes,
 * and the zod schema main checks its arguments against (a call that does not parse is
 * dropped). The bridge type, the preload object and main's handler list derive from it.
 */
export const IPC = {
  'account:load': invoke('loadAccount', none, carries<StoredAccount | undefined>()),
  'account:save': invoke('saveAccount', z.tuple([storedAccountSchema]), carries<void>()),
  'account:forget': invoke('forgetAccount', none, carries<void>()),
  'account:can-keep-password': invoke('canKeepPassword', none, carries<boolean>()),
  'admin-account:load': invoke('loadAdminAccount', none, carries<StoredAdminAccount | undefined>()),
  'admin-account:save': invoke(
    'saveAdminAccount',
    z.tuple([storedAdminAccountSchema]),
    carries<void>(),
  ),
  'admin-account:forget': invoke('forgetAdminAccount', none, carries<void>()),
  /** A UUID created once per installation, for `+sip.instance`. */
  'instance:id': invoke('instanceId', none, carries<string>()),
  'app:info': invoke('appInfo', none, carries<AppInfo>()),
  /** Registers the global shortcuts (replacing the previous ones) and says how each fared. */
  'hotkeys:set': invoke('setHotkeys', z.tuple([hotkeySettingsSchema]), carries<HotkeyResults>()),
  'preferences:load': invoke('loadPreferences', none, carries<DesktopPreferences>()),
  /** Changes some preferences and answers all of them as now saved. */
  'preferences:save': invoke(
    'savePreferences',
    z.tuple([desktopPreferencesChangeSchema]),
    carries<DesktopPreferences>(),
  ),
  /** The number of a tel:/sip:/callto: link that came before the renderer was ready; once. */
  'dial:take-pending': invoke('takePendingDial', none, carries<string | undefined>()),

  notify: send('notify', z.tuple([z.string().max(200), z.string().max(2000)])),
  /** Only http(s), tel, sip and mailto links. */
  'open-external': send(
    'openExternal',
    z.tuple([z.string().max(2048).refine(isAllowedExternalUrl, 'not an allowed external link')]),
  ),
  /** A call rings, stopped ringing or was missed: main shows or closes its notification. */
  'call:event': send('reportCallEvent', z.tuple([callEventSchema])),
  /** Registration and do-not-disturb, for the tray icon and its menu. */
  'status:report': send('reportStatus', z.tuple([desktopStatusSchema])),
  /** The UI language, for the tray menu and the notification buttons. */
  'ui:language': send('setLanguage', z.tuple([uiLanguageSchema])),

  /** The user answered, declined or clicked a call's notification. */
  'call:action': event('onCallAction', carries<[CallAction]>()),
  /** A global shortcut was pressed. */
  'hotkey:pressed': event('onHotkey', carries<[HotkeyAction]>()),
  /** A tel:/sip:/callto: link was opened: put the number in the dialer. */
  'dial:number': event('onDialNumber', carries<[string]>()),
  /** The tray's do-not-disturb checkbox was toggled. */
  'dnd:set': event('onDoNotDisturb', carries<[boolean]>()),
  /** The computer woke up or was unlocked: register again now, not when it expires. */
  'sip:reregister': event('onReregister', carries<[]>()),
} as const;

export type IpcTable = typeof IPC;
export type Channel = keyof IpcTable;
type ChannelsOf<K> = { [C in Channel]: IpcTable[C]['kind'] extends K ? C : never }[Channel];
export type InvokeChannel = ChannelsOf<'invoke'>;
export type SendChannel = ChannelsOf<'send'>;
export type EventChannel = ChannelsOf<'event'>;

/** The arguments a channel carries. */
export type ChannelArgs<C extends Channel> =
  IpcTable[C] extends InvokeSpec<string, infer A, unknown>
    ? A
    : IpcTable[C] extends SendSpec<string, infer A>
      ? A
      : IpcTable[C] extends EventSpec<string, infer A>
        ? A
        : never;
/** What an invoke channel answers. */
export type InvokeResult<C extends InvokeChannel> =
  IpcTable[C] extends InvokeSpec<string, unknown[], infer R> ? R : never;

/** Stops a subscription. */
export type Unsubscribe = () => void;

type BridgeMethod<C extends Channel> = C extends InvokeChannel
  ? (...args: ChannelArgs<C>) => Promise<InvokeResult<C>>
  : C extends SendChannel
    ? (...args: ChannelArgs<C>) => void
    : (listener: (...args: ChannelArgs<C>) => void) => Unsubscribe;

/** The one object the preload exposes as `window.softphone`: a method per channel of IPC. */
export type SoftphoneBridge = { readonly deviceKind: 'softphone-desktop' } & {
  readonly [C in Channel as IpcTable[C]['method']]: BridgeMethod<C>;
};
/** The bridge's subscriptions, one per main → renderer event. */
export type EventMethod = IpcTable[EventChannel]['method'];

/** What main answers each renderer → main channel with; one missing fails the type check. */
export type MainHandlers = {
  [C in InvokeChannel | SendChannel]: (
    ...args: ChannelArgs<C>
  ) => C extends InvokeChannel ? InvokeResult<C> | Promise<InvokeResult<C>> : void | Promise<void>;
};

declare global {
  interface Window {
    /** Present only in the desktop app (the preload bridge); absent in a plain browser. */
    readonly softphone?: SoftphoneBridge;
  }
}
