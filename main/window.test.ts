import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: { preventDefault(): void }, url: string) => void;
const created: {
  options: Record<string, unknown>;
  url?: string;
  handlers: Record<string, Handler>;
  openHandler?: () => unknown;
}[] = [];

vi.mock('electron', () => {
  class BrowserWindow {
    private readonly record: (typeof created)[number];
    webContents = {
      setWindowOpenHandler: (handler: () => unknown) => (this.record.openHandler = handler),
      on: (name: string, handler: Handler) => (this.record.handlers[name] = handler),
    };
    constructor(readonly options: Record<string, unknown>) {
      this.record = { options, handlers: {} };
      created.push(this.record);
    }
    once = vi.fn();
    show = vi.fn();
    loadURL = vi.fn(async (url: string) => {
      const last = created.at(-1);
      if (last) last.url = url;
    });
  }
  return { BrowserWindow };
});

const { createMainWindow } = await import('./window');

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
});
