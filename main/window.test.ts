import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: { preventDefault(): void }, url: string) => void;
type Record_ = {
  options: Record<string, unknown>;
  url?: string;
  handlers: Record<string, Handler>;
  openHandler?: () => unknown;
  csp?: unknown;
};
const created: Record_[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    private readonly record: Record_;
    webContents = {
      setWindowOpenHandler: (handler: () => unknown) => (this.record.openHandler = handler),
      on: (name: string, handler: Handler) => (this.record.handlers[name] = handler),
      session: {
        webRequest: { onHeadersReceived: (listener: unknown) => (this.record.csp = listener) },
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
      },
    };
    constructor(readonly options: Record<string, unknown>) {
      this.record = { options, handlers: {} };
      created.push(this.record);
    }
    once = vi.fn();
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = vi.fn(() => true);
    isDestroyed = vi.fn(() => false);
    loadURL = vi.fn(async (url: string) => {
      this.record.url = url;
    });
  }
  return { BrowserWindow };
});

const { createMainWindow, focusWindow } = await import('./window');

describe('createMainWindow', () => {
  beforeEach(() => {
    created.length = 0;
  });

  it('opens the renderer sandboxed, context-isolated and without Node', () => {
    createMainWindow('http://127.0.0.1:8080/', '/app/preload.cjs');
    expect(created[0]?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      preload: '/app/preload.cjs',
    });
    expect(created[0]?.url).toBe('http://127.0.0.1:8080/');
  });

  it('puts its session under the policy before loading (CSP and permissions)', () => {
    const window = createMainWindow('http://127.0.0.1:8080/', '/app/preload.cjs');
    expect(created[0]?.csp).toBeTypeOf('function');
    expect(window.webContents.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(window.webContents.session.setPermissionCheckHandler).toHaveBeenCalled();
  });

  it('never navigates to another origin and opens no new windows', () => {
    createMainWindow('http://127.0.0.1:8080/', '/app/preload.cjs');
    const navigate = created[0]?.handlers['will-navigate'];
    const foreign = { preventDefault: vi.fn() };
    navigate?.(foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const same = { preventDefault: vi.fn() };
    navigate?.(same, 'http://127.0.0.1:8080/settings');
    expect(same.preventDefault).not.toHaveBeenCalled();
    expect(created[0]?.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('never navigates from the packaged page to another file', () => {
    createMainWindow('file:///opt/app/out/renderer/index.html', '/app/preload.cjs');
    const otherFile = { preventDefault: vi.fn() };
    created[0]?.handlers['will-navigate']?.(otherFile, 'file:///tmp/evil.html');
    expect(otherFile.preventDefault).toHaveBeenCalled();
  });
});

describe('focusWindow', () => {
  it('restores, shows and focuses the window a second instance asked for', () => {
    const window = createMainWindow('http://127.0.0.1:8080/', '/app/preload.cjs');
    focusWindow(window);
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(() => focusWindow(undefined)).not.toThrow();
  });
});
