import { app, Notification, shell } from 'electron';
import type { CredentialStore } from '../credentials';
import type { IpcMainRouter } from './handle';

export interface Services {
  credentials: CredentialStore;
  instanceId: () => Promise<string>;
}

/** Answers every request channel of the contract; arguments arrive already checked. */
export function registerHandlers(ipc: IpcMainRouter, { credentials, instanceId }: Services): void {
  ipc.handle('account:load', () => credentials.load());
  ipc.handle('account:save', (account) => credentials.save(account));
  ipc.handle('account:forget', () => credentials.forget());
  ipc.handle('account:can-keep-password', () => credentials.canKeepPassword());
  ipc.handle('instance:id', () => instanceId());
  ipc.handle('notify', (title, body) => {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  });
  ipc.handle('open-external', (url) => shell.openExternal(url));
  ipc.handle('app:info', () => ({ version: app.getVersion(), platform: process.platform }));
}
