import { EventEmitter } from 'node:events';
import type { App, BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hideOnClose, trackQuitting } from './close-to-tray';

function setUp(closeToTray: boolean) {
  const app = new EventEmitter();
  const window = Object.assign(new EventEmitter(), { hide: vi.fn() });
  const settings = { closeToTray };
  const quitting = trackQuitting(app as unknown as Pick<App, 'on'>);
  hideOnClose(
    window as unknown as Pick<BrowserWindow, 'on' | 'hide'>,
    () => settings.closeToTray,
    quitting,
  );
  /** What the user's click on the close button does: true when the window really closes. */
  const close = () => {
    const event = { preventDefault: vi.fn() };
    window.emit('close', event);
    return event.preventDefault.mock.calls.length === 0;
  };
  return { app, window, settings, close };
}

describe('close to tray', () => {
  it('hides the window instead of closing it, so the phone keeps running', () => {
    const { window, close } = setUp(true);
    expect(close()).toBe(false);
    expect(window.hide).toHaveBeenCalledOnce();
  });

  it('closes the window when the setting is off', () => {
    const { window, close } = setUp(false);
    expect(close()).toBe(true);
    expect(window.hide).not.toHaveBeenCalled();
  });

  it('follows the setting as it changes', () => {
    const { settings, close } = setUp(true);
    settings.closeToTray = false;
    expect(close()).toBe(true);
  });

  it('lets Quit really quit', () => {
    const { app, window, close } = setUp(true);
    app.emit('before-quit');
    expect(close()).toBe(true);
    expect(window.hide).not.toHaveBeenCalled();
  });
});
