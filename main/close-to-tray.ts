import type { App, BrowserWindow } from 'electron';

/** True once the app is quitting (tray Quit, Cmd+Q, the OS logging out): windows then close. */
export function trackQuitting(app: Pick<App, 'on'>): () => boolean {
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
  });
  return () => quitting;
}

/**
 * Closing the window hides it instead, so the phone keeps registered and ringing in the tray,
 * while `closeToTray()` says so and the app is not quitting; otherwise the window closes.
 */
export function hideOnClose(
  window: Pick<BrowserWindow, 'on' | 'hide'>,
  closeToTray: () => boolean,
  quitting: () => boolean,
): void {
  window.on('close', (event) => {
    if (quitting() || !closeToTray()) return;
    event.preventDefault();
    window.hide();
  });
}
