import { contextBridge } from 'electron';
import type { SoftphoneBridge } from '../../shared/ipc-contract';
import { invoke, subscribe } from './invoke';

/** What the renderer sees as `window.softphone`: per request a method, per event a subscription. */
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
  reportCallEvent: (event) => invoke('call:event', event),
  reportStatus: (status) => invoke('status:report', status),
  setLanguage: (language) => invoke('ui:language', language),
  setHotkeys: (settings) => invoke('hotkeys:set', settings),
  loadPreferences: () => invoke('preferences:load'),
  savePreferences: (changes) => invoke('preferences:save', changes),
  takePendingDial: () => invoke('dial:take-pending'),
  onCallAction: (listener) => subscribe('call:action', listener),
  onHotkey: (listener) => subscribe('hotkey:pressed', listener),
  onDialNumber: (listener) => subscribe('dial:number', listener),
  onDoNotDisturb: (listener) => subscribe('dnd:set', listener),
  onReregister: (listener) => subscribe('sip:reregister', listener),
};

contextBridge.exposeInMainWorld('softphone', bridge);
