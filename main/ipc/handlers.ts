import { app, Notification, shell } from 'electron';
import type { MainHandlers, StoredAccount, StoredAdminAccount } from '../../shared/ipc-contract';
import type { CredentialStore } from '../credentials';

export interface Services {
  credentials: CredentialStore<StoredAccount>;
  adminCredentials: CredentialStore<StoredAdminAccount>;
  instanceId: () => Promise<string>;
}

/** The channels of the account, the installation and the operating system's shell. */
export type AppChannel =
  | 'account:load'
  | 'account:save'
  | 'account:forget'
  | 'account:can-keep-password'
  | 'admin-account:load'
  | 'admin-account:save'
  | 'admin-account:forget'
  | 'instance:id'
  | 'notify'
  | 'open-external'
  | 'app:info';

/** Main's answers to the app channels; arguments arrive already checked. */
export function appHandlers({
  credentials,
  adminCredentials,
  instanceId,
}: Services): Pick<MainHandlers, AppChannel> {
  return {
    'account:load': () => credentials.load(),
    'account:save': (account) => credentials.save(account),
    'account:forget': () => credentials.forget(),
    'account:can-keep-password': () => credentials.canKeepPassword(),
    'admin-account:load': () => adminCredentials.load(),
    'admin-account:save': (account) => adminCredentials.save(account),
    'admin-account:forget': () => adminCredentials.forget(),
    'instance:id': () => instanceId(),
    notify: (title, body) => {
      if (Notification.isSupported()) new Notification({ title, body }).show();
    },
    'open-external': (url) => shell.openExternal(url),
    'app:info': () => ({ version: app.getVersion(), platform: process.platform }),
  };
}
