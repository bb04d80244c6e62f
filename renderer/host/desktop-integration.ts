import type { HotkeyAction, HotkeyResults, HotkeySettings } from '../../shared/desktop/accelerator';
import type { CallAction, CallEvent } from '../../shared/desktop/call-notifications';
import type {
  DesktopPreferences,
  DesktopStatus,
  UiLanguage,
} from '../../shared/desktop/desktop-state';
import type { SoftphoneBridge, Unsubscribe } from '../../shared/ipc-contract';

/**
 * What only the desktop app does, through main: call notifications with actions, the tray,
 * global shortcuts, tel:/sip: links, re-registration on wake-up. `host.desktop` is absent in
 * the browser. Reports are fire and forget; each `on…` returns its unsubscribe.
 */
export interface DesktopIntegration {
  /** A call rings, stopped ringing here, or was missed (replaces `host.notify` for calls). */
  callEvent(event: CallEvent): void;
  /** Registration and do-not-disturb, on every change (the tray shows them). */
  reportStatus(status: DesktopStatus): void;
  /** The UI language, at start and on every change (the tray menu and the buttons). */
  setLanguage(language: UiLanguage): void;
  /** Registers the global shortcuts; a refused one comes back with a reason and a sentence. */
  setHotkeys(settings: HotkeySettings): Promise<HotkeyResults>;
  loadPreferences(): Promise<DesktopPreferences>;
  savePreferences(changes: Partial<DesktopPreferences>): Promise<DesktopPreferences>;
  /** Call once at start, after `onDialNumber`: a link's number that waited for the renderer. */
  takePendingDial(): Promise<string | undefined>;
  /** Answer, Decline or a click on a call's notification. */
  onCallAction(listener: (action: CallAction) => void): Unsubscribe;
  onHotkey(listener: (action: HotkeyAction) => void): Unsubscribe;
  /** A tel:/sip:/callto: link was opened: put the number in the dialer. */
  onDialNumber(listener: (number: string) => void): Unsubscribe;
  /** The tray's checkbox: turn do-not-disturb on or off, then report the status. */
  onDoNotDisturb(listener: (enabled: boolean) => void): Unsubscribe;
  /** The computer woke up: register again now. */
  onReregister(listener: () => void): Unsubscribe;
}

/** The desktop integration over the preload bridge. */
export function createDesktopIntegration(bridge: SoftphoneBridge): DesktopIntegration {
  return {
    callEvent: (event) => void bridge.reportCallEvent(event).catch(warn('callEvent')),
    reportStatus: (status) => void bridge.reportStatus(status).catch(warn('reportStatus')),
    setLanguage: (language) => void bridge.setLanguage(language).catch(warn('setLanguage')),
    setHotkeys: (settings) => bridge.setHotkeys(settings),
    loadPreferences: () => bridge.loadPreferences(),
    savePreferences: (changes) => bridge.savePreferences(changes),
    takePendingDial: () => bridge.takePendingDial(),
    onCallAction: (listener) => bridge.onCallAction(listener),
    onHotkey: (listener) => bridge.onHotkey(listener),
    onDialNumber: (listener) => bridge.onDialNumber(listener),
    onDoNotDisturb: (listener) => bridge.onDoNotDisturb(listener),
    onReregister: (listener) => bridge.onReregister(listener),
  };
}

const warn = (what: string) => (error: unknown) =>
  console.warn(`desktop host: ${what} failed`, error instanceof Error ? error.message : error);
