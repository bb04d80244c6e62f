import { contextBridge } from 'electron';
import type { SoftphoneBridge } from '../../shared/ipc-contract';
import { invoke } from './invoke';

/** The one narrow object the renderer sees: the host kind and one method per channel. */
const bridge: SoftphoneBridge = {
  deviceKind: 'softphone-desktop',
  loadAccount: () => invoke('account:load'),
  saveAccount: (account) => invoke('account:save', account),
  forgetAccount: () => invoke('account:forget'),
  canKeepPassword: () => invoke('account:can-keep-password'),
  loadAdminAccount: () => invoke('admin-account:load'),
  saveAdminAccount: (account) => invoke('admin-account:save', account),
  forgetAdminAccount: () => invoke('admin-account:forget'),
  instanceId: () => invoke('instance:id'),
  notify: (title, body) => invoke('notify', title, body),
  openExternal: (url) => invoke('open-external', url),
  appInfo: () => invoke('app:info'),
};

contextBridge.exposeInMainWorld('softphone', bridge);
