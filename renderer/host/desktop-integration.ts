import type { HotkeyResults, HotkeySettings } from '../../shared/desktop/accelerator';
import type { CallEvent } from '../../shared/desktop/call-notifications';
import type {
  DesktopPreferences,
  DesktopStatus,
  UiLanguage,
} from '../../shared/desktop/desktop-state';
import type { EventMethod, SoftphoneBridge } from '../../shared/ipc-contract';

/** A listener for each main → renderer event of the contract (`onCallAction` → its listener). */
export type DesktopListeners = {
  [M in EventMethod]: Parameters<SoftphoneBridge[M]>[0];
};

/**
 * What only the desktop app does, through main: call notifications with actions, the tray,
 * global shortcuts, tel:/sip: links, re-registration on wake-up. `host.desktop` is absent in
 * the browser. Reports are fire and forget (sent, never answered).
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
  /** Call once at start, after `listen`: a link's number that waited for the renderer. */
  takePendingDial(): Promise<string | undefined>;
  /**
   * Listens to every event main sends (answer/decline from a notification, a global shortcut,
   * a link to dial, the tray's do-not-disturb, wake-up): the type asks for one listener per
   * event of the contract, so a new event cannot go unheard. Returns the function that stops.
   */
  listen(listeners: DesktopListeners): () => void;
}

/** The desktop integration over the preload bridge. */
export function createDesktopIntegration(bridge: SoftphoneBridge): DesktopIntegration {
  return {
    callEvent: (event) => bridge.reportCallEvent(event),
    reportStatus: (status) => bridge.reportStatus(status),
    setLanguage: (language) => bridge.setLanguage(language),
    setHotkeys: (settings) => bridge.setHotkeys(settings),
    loadPreferences: () => bridge.loadPreferences(),
    savePreferences: (changes) => bridge.savePreferences(changes),
    takePendingDial: () => bridge.takePendingDial(),
    listen(listeners) {
      const methods = Object.keys(listeners) as EventMethod[];
      const stops = methods.map((method) =>
        (bridge[method] as (listener: unknown) => () => void)(listeners[method]),
      );
      return () => stops.forEach((stop) => stop());
    },
  };
}
