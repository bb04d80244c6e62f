import { join } from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';
import type { DesktopStatus } from '../shared/desktop/desktop-state';
import type { DesktopStrings } from './desktop-strings';

/** The tray icon's three states, each a PNG pair `<state>.png` / `<state>@2x.png`. */
export const TRAY_STATES = ['registered', 'unregistered', 'do-not-disturb'] as const;
/** One of the three tray icons. */
export type TrayState = (typeof TRAY_STATES)[number];

/** Do not disturb wins over registration: it is the state the user chose and must see. */
export function trayStateOf(status: DesktopStatus): TrayState {
  if (status.doNotDisturb) return 'do-not-disturb';
  return status.registration;
}

/** What the tray menu does. */
export interface TrayActions {
  show(): void;
  /** The checkbox was toggled: the renderer applies it and reports the status back. */
  setDoNotDisturb(enabled: boolean): void;
  quit(): void;
}

/** The tray icon and its menu. */
export interface StatusTray {
  /** Shows a new status (icon, tooltip, checkbox). */
  update(status: DesktopStatus): void;
  /** Rebuilds the menu and tooltip, e.g. after the UI language changed. */
  refresh(): void;
  destroy(): void;
}

/**
 * A tray icon showing registration (registered / not registered / do not disturb) with a
 * menu: Show, Do not disturb (checkbox), Quit. Until the renderer reports, the phone is shown
 * as not registered. The menu is rebuilt on every change (Linux shows no change otherwise).
 */
export function createStatusTray(
  iconDir: string,
  actions: TrayActions,
  strings: () => DesktopStrings,
): StatusTray {
  let status: DesktopStatus = { registration: 'unregistered', doNotDisturb: false };
  const icon = (state: TrayState) => nativeImage.createFromPath(join(iconDir, `${state}.png`));
  const tray = new Tray(icon(trayStateOf(status)));
  tray.on('click', () => actions.show());

  const render = () => {
    const words = strings();
    const state = trayStateOf(status);
    const tooltips: Record<TrayState, string> = {
      registered: words.registered,
      unregistered: words.unregistered,
      'do-not-disturb': words.doNotDisturbOn,
    };
    tray.setImage(icon(state));
    tray.setToolTip(tooltips[state]);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: words.show, click: () => actions.show() },
        {
          label: words.doNotDisturb,
          type: 'checkbox',
          checked: status.doNotDisturb,
          click: (item) => actions.setDoNotDisturb(item.checked),
        },
        { type: 'separator' },
        { label: words.quit, click: () => actions.quit() },
      ]),
    );
  };
  render();

  return {
    update(next) {
      status = { ...next };
      render();
    },
    refresh: render,
    destroy: () => tray.destroy(),
  };
}
