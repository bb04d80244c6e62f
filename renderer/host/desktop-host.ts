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
    // Fire and forget: main drops what it refuses, and the caller has nothing to do about it.
    notify: (title, body) => void bridge.notify(title, body).catch(warn('notify')),
    openExternal: (url) => void bridge.openExternal(url).catch(warn('openExternal')),
    desktop: createDesktopIntegration(bridge),
  };
}

const warn = (what: string) => (error: unknown) =>
  console.warn(`desktop host: ${what} failed`, error instanceof Error ? error.message : error);
