import { app, Notification, shell } from 'electron';
import type { StoredAccount, StoredAdminAccount } from '../../shared/ipc-contract';
import type { CredentialStore } from '../credentials';
import type { IpcMainRouter } from './handle';

export interface Services {
  credentials: CredentialStore<StoredAccount>;
  adminCredentials: CredentialStore<StoredAdminAccount>;
  instanceId: () => Promise<string>;
}

/** Answers every request channel of the contract; arguments arrive already checked. */
export function registerHandlers(
  ipc: IpcMainRouter,
  { credentials, adminCredentials, instanceId }: Services,
): void {
  ipc.handle('account:load', () => credentials.load());
  ipc.handle('account:save', (account) => credentials.save(account));
  ipc.handle('account:forget', () => credentials.forget());
  ipc.handle('account:can-keep-password', () => credentials.canKeepPassword());
  ipc.handle('admin-account:load', () => adminCredentials.load());
  ipc.handle('admin-account:save', (account) => adminCredentials.save(account));
  ipc.handle('admin-account:forget', () => adminCredentials.forget());
  ipc.handle('instance:id', () => instanceId());
  ipc.handle('notify', (title, body) => {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  });
  ipc.handle('open-external', (url) => shell.openExternal(url));
  ipc.handle('app:info', () => ({ version: app.getVersion(), platform: process.platform }));
}
