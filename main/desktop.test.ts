import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow } from 'electron';
import type { MainHandlers } from '../shared/ipc-contract';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;
type MenuItem = { label?: string; click?: (item: { checked: boolean }) => void };

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  return {
    app: Object.assign(new EventEmitter(), { getLocale: () => 'en-US', quit: () => {} }),
    powerMonitor: new EventEmitter(),
    handlers: new Map<string, Listener>(),
    shortcuts: new Map<string, () => void>(),
    tray: { image: '', menu: [] as MenuItem[] },
    notifications: [] as Array<{ options: Record<string, unknown>; on: Map<string, Listener> }>,
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  powerMonitor: fake.powerMonitor,
  BrowserWindow: class {},
  ipcMain: {
    handle: (channel: string, handler: Listener) => fake.handlers.set(channel, handler),
    on: (channel: string, handler: Listener) => fake.handlers.set(channel, handler),
  },
  globalShortcut: {
    register: (accelerator: string, callback: () => void) =>
      !!fake.shortcuts.set(accelerator, callback),
    unregister: (accelerator: string) => fake.shortcuts.delete(accelerator),
  },
  nativeImage: { createFromPath: (path: string) => path },
  Menu: { buildFromTemplate: (template: MenuItem[]) => template },
  Tray: class {
    constructor(image: string) {
      fake.tray.image = image;
    }
    on() {}
    setImage = (image: string) => (fake.tray.image = image);
    setToolTip() {}
    setContextMenu = (menu: MenuItem[]) => (fake.tray.menu = menu);
    destroy() {}
  },
  Notification: class {
    static isSupported = () => true;
    readonly listeners = new Map<string, Listener>();
    constructor(readonly options: Record<string, unknown>) {
      fake.notifications.push({ options, on: this.listeners });
    }
    on(name: string, listener: Listener) {
      this.listeners.set(name, listener);
    }
    show() {}
    close() {}
  },
}));

const { startDesktopIntegration } = await import('./desktop');
const { createDialInbox } = await import('./dial-links');
const { createIpcMain } = await import('./ipc/handle');
const { sendToRenderer } = await import('./ipc/send');
const { rendererTrust } = await import('./renderer-location');

function fakeWindow() {
  const events = new Map<string, Listener>();
  const loading = new Map<string, Listener>();
  const window = {
    isDestroyed: () => false,
    isMinimized: () => false,
    show: vi.fn(),
    focus: vi.fn(),
    hide: vi.fn(),
    on: (name: string, fn: Listener) => events.set(name, fn),
    webContents: {
      isDestroyed: () => false,
      send: vi.fn(),
      on: (name: string, fn: Listener) => loading.set(name, fn),
    },
  };
  const close = () => {
    const event = { preventDefault: vi.fn() };
    events.get('close')?.(event);
    return event.preventDefault.mock.calls.length === 0;
  };
  return { window, close, reload: () => loading.get('did-start-loading')?.() };
}

async function setUp(platform: NodeJS.Platform = 'darwin') {
  for (const emitter of [fake.app, fake.powerMonitor]) emitter.removeAllListeners();
  fake.handlers.clear();
  fake.notifications.length = 0;
  const { window, close, reload } = fakeWindow();
  const current = () => window as unknown as BrowserWindow;
  const inbox = createDialInbox({
    deliver: (number) => sendToRenderer(current(), 'dial:number', number),
    focus: vi.fn(),
  });
  const desktop = await startDesktopIntegration({
    window: current,
    inbox,
    userData: await mkdtemp(join(tmpdir(), 'softphone-desktop-')),
    trayIconDir: '/app/tray',
    platform,
  });
  desktop.attach(current());
  const log = { warn: vi.fn() };
  // Only the desktop channels: the app's have their own tests (ipc/handlers.test.ts).
  createIpcMain(rendererTrust('http://127.0.0.1:8080/'), log).listen(
    desktop.handlers as MainHandlers,
  );
  const call = (channel: string, ...args: unknown[]) =>
    fake.handlers.get(channel)?.({ senderFrame: { url: 'http://127.0.0.1:8080/' } }, ...args);
  const sent = () => window.webContents.send.mock.calls;
  const menu = (label: string) => fake.tray.menu.find((item) => item.label === label);
  return { window, close, reload, call, sent, menu, inbox, log };
}

describe('desktop integration', () => {
  beforeEach(() => fake.shortcuts.clear());

  it('shows what the renderer reports in the tray, in its language', async () => {
    const { call, menu } = await setUp();
    expect(fake.tray.image).toBe('/app/tray/unregistered.png');
    await call('status:report', { registration: 'registered', doNotDisturb: false });
    expect(fake.tray.image).toBe('/app/tray/registered.png');
    await call('ui:language', 'ru');
    expect(menu('Не беспокоить')).toBeDefined();
  });

  it('passes the tray’s do-not-disturb to the renderer, shows the window, quits', async () => {
    const { window, sent, menu } = await setUp();
    const quit = vi.spyOn(fake.app, 'quit');
    menu('Do not disturb')?.click?.({ checked: true });
    menu('Show Softphone')?.click?.({ checked: false });
    menu('Quit')?.click?.({ checked: false });
    expect(sent()).toEqual([['dnd:set', true]]);
    expect(window.show).toHaveBeenCalled();
    expect(quit).toHaveBeenCalled();
  });

  it('notifies a ringing call and sends the chosen action back, the window forward', async () => {
    const { window, call, sent } = await setUp('darwin');
    await call('call:event', { type: 'incoming', callId: 'c1', title: 'Incoming', body: 'Anna' });
    const [notification] = fake.notifications;
    expect(notification?.options.title).toBe('Incoming');
    notification?.on.get('action')?.({ actionIndex: 1 });
    expect(window.focus).not.toHaveBeenCalled();
    notification?.on.get('action')?.({ actionIndex: 0 });
    expect(window.focus).toHaveBeenCalled();
    expect(sent()).toEqual([
      ['call:action', { callId: 'c1', action: 'decline' }],
      ['call:action', { callId: 'c1', action: 'answer' }],
    ]);
  });

  it('drops a malformed call event', async () => {
    const { call, log } = await setUp();
    const bad = { type: 'incoming', callId: '<img src=x>', title: 'x', body: 'y' };
    await call('call:event', bad);
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('invalid arguments'));
    expect(fake.notifications).toHaveLength(0);
  });

  it('asks the renderer to register again when the computer wakes up', async () => {
    const { sent } = await setUp();
    fake.powerMonitor.emit('resume');
    expect(sent()).toEqual([['sip:reregister']]);
  });

  it('registers the shortcuts, reports presses, unregisters them on quit', async () => {
    const { call, sent } = await setUp();
    const results = await call('hotkeys:set', { answer: 'Ctrl+Alt+A', hangUp: 'Ctrl+Alt+A' });
    expect(results).toMatchObject({
      answer: { status: 'registered' },
      hangUp: { status: 'refused' },
    });
    fake.shortcuts.get('Control+Alt+A')?.();
    expect(sent()).toEqual([['hotkey:pressed', 'answer']]);
    fake.app.emit('will-quit');
    expect(fake.shortcuts.size).toBe(0);
  });

  it('hides the window on close unless the preference is off or the app quits', async () => {
    const { call, close, window } = await setUp();
    expect(await call('preferences:load')).toEqual({ closeToTray: true });
    expect(close()).toBe(false);
    expect(window.hide).toHaveBeenCalledOnce();
    await call('preferences:save', { closeToTray: false });
    expect(close()).toBe(true);
    await call('preferences:save', { closeToTray: true });
    fake.app.emit('before-quit');
    expect(close()).toBe(true);
  });

  it('gives the renderer the link that waited, and keeps links while it reloads', async () => {
    const { call, inbox, reload, sent } = await setUp();
    inbox.receive('tel:+7 812 123-45-67');
    expect(await call('dial:take-pending')).toBe('+78121234567');
    inbox.receive('tel:0123456');
    expect(sent()).toEqual([['dial:number', '0123456']]);
    reload();
    inbox.receive('tel:0222222');
    expect(await call('dial:take-pending')).toBe('0222222');
  });
});
