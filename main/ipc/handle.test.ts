import { beforeEach, describe, expect, it, vi } from 'vitest';

type Invoker = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown;
const registered = new Map<string, Invoker>();

vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: Invoker) => registered.set(channel, fn) },
}));

const { createIpcMain } = await import('./handle');
const { rendererTrust } = await import('../renderer-location');

const ours = { senderFrame: { url: 'http://127.0.0.1:8080/#/dialer' } };
const log = { warn: vi.fn() };

describe('createIpcMain', () => {
  beforeEach(() => {
    registered.clear();
    log.warn.mockClear();
  });

  function setUp() {
    const ipc = createIpcMain(rendererTrust('http://127.0.0.1:8080/'), log);
    const save = vi.fn();
    ipc.handle('account:save', save);
    const invoke = registered.get('account:save');
    if (!invoke) throw new Error('not registered');
    return { save, invoke };
  }

  it('passes a valid call from our page to the handler', async () => {
    const { save, invoke } = setUp();
    const account = { server: 'pbx.example.com', sipNumber: '0462626', password: 'hunter2' };
    await invoke(ours, account);
    expect(save).toHaveBeenCalledWith(account);
  });

  it('drops a call from another origin, or from no frame, and logs it', async () => {
    const { save, invoke } = setUp();
    const account = { server: 'pbx.example.com', sipNumber: '0462626' };
    await expect(
      invoke({ senderFrame: { url: 'https://evil.example/' } }, account),
    ).rejects.toThrow('refused');
    await expect(invoke({ senderFrame: null }, account)).rejects.toThrow('refused');
    expect(save).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('https://evil.example'));
  });

  it('drops a call with invalid arguments and never logs their values', async () => {
    const { save, invoke } = setUp();
    const bad = { server: 'pbx.example.com', sipNumber: 42, password: 'hunter2', extra: true };
    await expect(invoke(ours, bad)).rejects.toThrow('invalid arguments');
    await expect(invoke(ours)).rejects.toThrow('invalid arguments');
    expect(save).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(log.warn.mock.calls.join(' ')).not.toContain('hunter2');
    expect(log.warn.mock.calls[0]?.[0]).toContain('0.sipNumber');
  });

  it('trusts only the packaged index.html among file:// pages', async () => {
    const ipc = createIpcMain(rendererTrust('file:///opt/Softphone/out/renderer/index.html'), log);
    ipc.handle('instance:id', () => 'id');
    const invoke = registered.get('instance:id');
    const from = (url: string) => invoke?.({ senderFrame: { url } });
    await expect(from('file:///opt/Softphone/out/renderer/index.html#/call')).resolves.toBe('id');
    await expect(from('file:///tmp/evil.html')).rejects.toThrow('refused');
  });
});
