import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MainHandlers } from '../../shared/ipc-contract';

type Sender = { senderFrame: { url: string } | null };
type Listener = (event: Sender, ...args: unknown[]) => unknown;
const handled = new Map<string, Listener>();
const listened = new Map<string, Listener>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Listener) => handled.set(channel, fn),
    on: (channel: string, fn: Listener) => listened.set(channel, fn),
  },
}));

const { createIpcMain } = await import('./handle');
const { rendererTrust } = await import('../renderer-location');

const ours = { senderFrame: { url: 'http://127.0.0.1:8080/#/dialer' } };
const log = { warn: vi.fn() };

/** Handlers for the channels a test needs; the others are never called. */
const some = (handlers: Partial<MainHandlers>) => handlers as MainHandlers;

describe('createIpcMain', () => {
  beforeEach(() => {
    handled.clear();
    listened.clear();
    log.warn.mockClear();
  });

  function setUp() {
    const ipc = createIpcMain(rendererTrust('http://127.0.0.1:8080/'), log);
    const save = vi.fn();
    const notify = vi.fn();
    ipc.listen(some({ 'account:save': save, notify }));
    const invoke = handled.get('account:save');
    const send = listened.get('notify');
    if (!invoke || !send) throw new Error('not registered');
    return { save, invoke, notify, send };
  }

  it('answers invoke channels with handle and takes send channels with on', () => {
    setUp();
    expect([...handled.keys()]).toEqual(['account:save']);
    expect([...listened.keys()]).toEqual(['notify']);
  });

  it('passes a valid call from our page to the handler', async () => {
    const { save, invoke, notify, send } = setUp();
    const account = { server: 'pbx.example.com', sipNumber: '0462626', password: 'hunter2' };
    await invoke(ours, account);
    expect(save).toHaveBeenCalledWith(account);
    send(ours, 'Missed call', 'Anna');
    await vi.waitFor(() => expect(notify).toHaveBeenCalledWith('Missed call', 'Anna'));
  });

  it('drops a call from another origin, or from no frame, and logs it', async () => {
    const { save, invoke, notify, send } = setUp();
    const account = { server: 'pbx.example.com', sipNumber: '0462626' };
    await expect(
      invoke({ senderFrame: { url: 'https://evil.example/' } }, account),
    ).rejects.toThrow('refused');
    await expect(invoke({ senderFrame: null }, account)).rejects.toThrow('refused');
    send({ senderFrame: { url: 'https://evil.example/' } }, 'Missed call', 'Anna');
    expect(save).not.toHaveBeenCalled();
    expect(notify).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('https://evil.example'));
    expect(log.warn).toHaveBeenCalledTimes(3);
  });

  it('drops a call with invalid arguments and never logs their values', async () => {
    const { save, invoke, notify, send } = setUp();
    const bad = { server: 'pbx.example.com', sipNumber: 42, password: 'hunter2', extra: true };
    await expect(invoke(ours, bad)).rejects.toThrow('invalid arguments');
    await expect(invoke(ours)).rejects.toThrow('invalid arguments');
    send(ours, 'hunter2', 42);
    expect(save).not.toHaveBeenCalled();
    expect(notify).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledTimes(3);
    expect(log.warn.mock.calls.join(' ')).not.toContain('hunter2');
    expect(log.warn.mock.calls[0]?.[0]).toContain('0.sipNumber');
  });

  it('logs a send handler that fails, instead of an unhandled rejection', async () => {
    const ipc = createIpcMain(rendererTrust('http://127.0.0.1:8080/'), log);
    ipc.listen(some({ 'status:report': () => Promise.reject(new Error('tray gone')) }));
    listened.get('status:report')?.(ours, { registration: 'registered', doNotDisturb: false });
    await vi.waitFor(() => expect(log.warn).toHaveBeenCalledWith('ipc status:report: tray gone'));
  });

  it("trusts only the packaged renderer's app://softphone pages", async () => {
    const ipc = createIpcMain(rendererTrust('app://softphone/index.html'), log);
    ipc.listen(some({ 'instance:id': () => 'id' }));
    const invoke = handled.get('instance:id');
    const from = (url: string) => invoke?.({ senderFrame: { url } });
    await expect(from('app://softphone/index.html#/call')).resolves.toBe('id');
    await expect(from('file:///tmp/evil.html')).rejects.toThrow('refused');
    await expect(from('app://evil/index.html')).rejects.toThrow('refused');
  });
});
