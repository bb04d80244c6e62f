import { EventEmitter } from 'node:events';
import type { App } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createDialInbox, listenForDialLinks, registerDialSchemes } from './dial-links';

/** The app as the OS drives it: `open-url` on macOS, `second-instance` on Windows and Linux. */
function setUp(argv: string[] = ['/opt/Softphone/softphone']) {
  const app = new EventEmitter();
  const window = { exists: false, rendererListens: true };
  const delivered: string[] = [];
  const focus = vi.fn();
  const log = { warn: vi.fn() };
  const inbox = createDialInbox({
    deliver: (number) => window.exists && window.rendererListens && delivered.push(number) > 0,
    focus,
    log,
  });
  const secondInstance = vi.fn();
  listenForDialLinks(app as unknown as Pick<App, 'on'>, inbox, argv, secondInstance);
  const openUrl = (url: string) => {
    const event = { preventDefault: vi.fn() };
    app.emit('open-url', event, url);
    return event;
  };
  const startAgain = (commandLine: string[]) =>
    app.emit('second-instance', {}, commandLine, '/home/anna');
  return { inbox, window, delivered, focus, log, secondInstance, openUrl, startAgain };
}

describe('dial links', () => {
  it('keeps a link that launched the app until the renderer is ready (Windows, Linux)', () => {
    const { inbox, delivered } = setUp(['softphone', '--no-sandbox', 'tel:+7 (812) 123-45-67']);
    expect(delivered).toEqual([]);
    expect(inbox.takePending()).toBe('+78121234567');
    expect(inbox.takePending()).toBeUndefined();
  });

  it('keeps an open-url that comes before the window exists (macOS)', () => {
    const { inbox, openUrl, delivered } = setUp();
    const event = openUrl('sip:0123456@pbx.example');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(delivered).toEqual([]);
    expect(inbox.takePending()).toBe('0123456');
  });

  it('sends later links straight to the renderer and brings the window forward', () => {
    const { inbox, window, openUrl, delivered, focus } = setUp();
    window.exists = true;
    inbox.takePending();
    openUrl('callto:+78121234567');
    expect(delivered).toEqual(['+78121234567']);
    expect(focus).toHaveBeenCalled();
    expect(inbox.takePending()).toBeUndefined();
  });

  it('hands a second start over to the first (single-instance lock)', () => {
    const { inbox, window, startAgain, delivered, secondInstance } = setUp();
    window.exists = true;
    inbox.takePending();
    startAgain(['C:\\Program Files\\Softphone\\Softphone.exe', 'tel:0123456']);
    expect(secondInstance).toHaveBeenCalledOnce();
    expect(delivered).toEqual(['0123456']);
    startAgain(['C:\\Program Files\\Softphone\\Softphone.exe']);
    expect(secondInstance).toHaveBeenCalledTimes(2);
    expect(delivered).toEqual(['0123456']);
  });

  it('keeps the link while the renderer reloads, and the last one clicked wins', () => {
    const { inbox, window, openUrl, delivered } = setUp();
    window.exists = true;
    inbox.takePending();
    inbox.rendererReloading();
    openUrl('tel:111111');
    openUrl('tel:222222');
    expect(delivered).toEqual([]);
    expect(inbox.takePending()).toBe('222222');
  });

  it('keeps the number when the window is gone', () => {
    const { inbox, window, openUrl } = setUp();
    inbox.takePending();
    window.exists = false;
    openUrl('tel:0123456');
    expect(inbox.takePending()).toBe('0123456');
  });

  it.each([
    'javascript:alert(1)',
    'tel:<script>alert(1)</script>',
    'tel:0123456?body=x',
    `tel:${'9'.repeat(300)}`,
    'sip:alice@pbx.example',
  ])('refuses %s: nothing dialled, no window raised, a warning without the link', (link) => {
    const { inbox, window, openUrl, delivered, focus, log } = setUp();
    window.exists = true;
    inbox.takePending();
    openUrl(link);
    expect(delivered).toEqual([]);
    expect(focus).not.toHaveBeenCalled();
    expect(inbox.takePending()).toBeUndefined();
    expect(log.warn).toHaveBeenCalledOnce();
    expect(String(log.warn.mock.calls[0]?.[0])).not.toContain(link.slice(4, 20));
  });
});

describe('registerDialSchemes', () => {
  const fakeApp = (already: string[] = []) => ({
    isDefaultProtocolClient: vi.fn((scheme: string) => already.includes(scheme)),
    setAsDefaultProtocolClient: vi.fn(() => true),
  });

  it('registers the packaged app for tel:, sip: and callto: where it is not yet', () => {
    const app = fakeApp(['sip']);
    registerDialSchemes(app, { defaultApp: false, execPath: '/opt/Softphone/softphone' });
    expect(app.setAsDefaultProtocolClient.mock.calls).toEqual([['tel'], ['callto']]);
  });

  it('registers Electron with the app path in development', () => {
    const app = fakeApp();
    registerDialSchemes(app, { defaultApp: true, execPath: '/usr/bin/electron', appPath: '/src' });
    expect(app.setAsDefaultProtocolClient.mock.calls).toEqual([
      ['tel', '/usr/bin/electron', ['/src']],
      ['sip', '/usr/bin/electron', ['/src']],
      ['callto', '/usr/bin/electron', ['/src']],
    ]);
  });
});
