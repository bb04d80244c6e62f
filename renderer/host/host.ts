import type { DeviceKind } from '../../shared/devices';
import type { DesktopIntegration } from './desktop-integration';

/** Credentials the host may keep; `undefined` from load() means none (or cannot keep them). */
export interface StoredAccount {
  server: string;
  sipNumber: string;
  /** The SIP domain, when one was given apart from the server address. */
  domain?: string;
  /** Only where the host can keep it encrypted (Electron safeStorage with a real keyring). */
  password?: string;
}

/**
 * A per-device SIP credential the PBX issued to this browser (issue 23 item 6): what the web
 * softphone keeps in place of the password, for the server it was issued by.
 */
export interface StoredDeviceCredential {
  /** The server address as typed at sign-in. */
  server: string;
  sipNumber: string;
  /** The digest user name (`<number>.<device>`) and its secret. */
  username: string;
  secret: string;
}

/** Where a browser keeps its device credential (the desktop app keeps the password instead). */
export interface DeviceCredentialKeeper {
  load(): Promise<StoredDeviceCredential | undefined>;
  save(credential: StoredDeviceCredential): Promise<void>;
  forget(): Promise<void>;
}

/** The Admin tab's sign-in; the password only where it is kept encrypted (desktop). */
export interface StoredAdminAccount {
  /** The PBX's address as typed on the sign-in screen (the same form as the phone's server). */
  server: string;
  email: string;
  password?: string;
}

/**
 * What differs between the desktop app and the browser: the device kind, where the account
 * is remembered, notifications and opening links.
 */
export interface Host {
  readonly deviceKind: DeviceKind;
  /** The server to offer on the sign-in screen: the PBX that served the web softphone. */
  readonly defaultServer?: string;
  /** Stable per installation, for `+sip.instance`. */
  instanceId(): Promise<string>;
  loadAccount(): Promise<StoredAccount | undefined>;
  /** Remembers server, number and domain always; the password only where it is kept encrypted. */
  saveAccount(account: StoredAccount): Promise<void>;
  forgetAccount(): Promise<void>;
  /** True when saveAccount keeps the password (the sign-in screen offers "remember me"). */
  canKeepPassword(): Promise<boolean>;
  loadAdminAccount(): Promise<StoredAdminAccount | undefined>;
  /** Remembers server and e-mail always; the password only where it is kept encrypted. */
  saveAdminAccount(account: StoredAdminAccount): Promise<void>;
  forgetAdminAccount(): Promise<void>;
  notify(title: string, body: string): void;
  openExternal(url: string): void;
  /** Only in the browser, which cannot keep a password: stays signed in with a device credential. */
  readonly deviceCredential?: DeviceCredentialKeeper;
  /** Tray, call notifications, shortcuts, links: only in the desktop app. */
  readonly desktop?: DesktopIntegration;
}
