import type { SoftphoneBridge } from '../../shared/ipc-contract';
import { createDesktopIntegration } from './desktop-integration';
import type { Host } from './host';

/** The preload bridge, present only when the renderer runs inside the desktop app. */
export function desktopBridge(): SoftphoneBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.softphone;
}

/** The desktop host: everything the OS does for us goes through the preload bridge to main. */
export function createDesktopHost(bridge: SoftphoneBridge | undefined = desktopBridge()): Host {
  if (!bridge) throw new Error('The desktop host needs the preload bridge (window.softphone).');
  return {
    deviceKind: bridge.deviceKind,
    instanceId: () => bridge.instanceId(),
    loadAccount: () => bridge.loadAccount(),
    saveAccount: (account) => bridge.saveAccount(account),
    forgetAccount: () => bridge.forgetAccount(),
    canKeepPassword: () => bridge.canKeepPassword(),
    loadAdminAccount: () => bridge.loadAdminAccount(),
    saveAdminAccount: (account) => bridge.saveAdminAccount(account),
    forgetAdminAccount: () => bridge.forgetAdminAccount(),
    // Sent, not invoked: main drops what it refuses, and the caller has nothing to do about it.
    notify: (title, body) => bridge.notify(title, body),
    openExternal: (url) => bridge.openExternal(url),
    desktop: createDesktopIntegration(bridge),
  };
}
