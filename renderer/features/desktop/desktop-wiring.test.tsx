import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeAdapter, fakeTones, call, renderApp, testServices } from '../../app/test-utils';
import { createAppStore, memoryStorage } from '../../store';
import { wireDesktop } from './desktop-wiring';
import { desktopHost, fakeDesktop } from './fake-desktop';

const ringing = (patch = {}) =>
  call({ direction: 'incoming', state: 'ringing', remoteName: 'Anna', ...patch });

function renderDesktop(options: Parameters<typeof renderApp>[0] = {}, pendingDial?: string) {
  const host = desktopHost(pendingDial);
  const app = renderApp({ host, ...options });
  return { ...app, desktop: host.desktop, fire: host.desktop.channels };
}

describe('desktop wiring: calls', () => {
  it('a call ringing here goes to main as a notification, not host.notify; stopped on answer', () => {
    const { emit, desktop, host } = renderDesktop();
    emit((sink) => sink.callAdded(ringing()));
    expect(desktop.callEvent).toHaveBeenCalledWith({
      type: 'incoming',
      callId: 'c1',
      title: 'Incoming call',
      body: 'Anna 0555555',
    });
    expect(host.notify).not.toHaveBeenCalled();
    emit((sink) => sink.callChanged('c1', { state: 'connected', connectedAt: Date.now() }));
    expect(desktop.callEvent).toHaveBeenLastCalledWith({ type: 'stopped', callId: 'c1' });
    expect(desktop.callEvent).toHaveBeenCalledTimes(2);
  });

  it('the caller gave up: missed; answered on another device: only stopped', () => {
    const { emit, desktop } = renderDesktop({ language: 'ru' });
    emit((sink) => sink.callAdded(ringing()));
    emit((sink) => sink.callAdded(ringing({ id: 'c2', line: 2, remoteName: undefined })));
    emit((sink) => sink.callChanged('c1', { state: 'ended', endReason: 'cancelled' }));
    emit((sink) => sink.callChanged('c2', { state: 'ended', endReason: 'answered-elsewhere' }));
    expect(desktop.callEvent.mock.calls.map(([event]) => event)).toEqual([
      { type: 'incoming', callId: 'c1', title: 'Входящий звонок', body: 'Anna 0555555' },
      { type: 'incoming', callId: 'c2', title: 'Входящий звонок', body: '0555555' },
      { type: 'missed', callId: 'c1', title: 'Пропущенный звонок', body: 'Anna 0555555' },
      { type: 'stopped', callId: 'c2' },
    ]);
  });

  it('Answer, Decline and a click on the notification act on that call', () => {
    const { emit, fire, adapter, store } = renderDesktop({ tab: 'admin' });
    emit((sink) => sink.callAdded(call({ id: 'out', state: 'connected', connectedAt: 1 })));
    emit((sink) => sink.callAdded(ringing({ id: 'in1', line: 2 })));
    emit((sink) => sink.callAdded(ringing({ id: 'in2', line: 3 })));
    act(() => fire.callAction.fire({ callId: 'in1', action: 'answer' }));
    // Answering holds the call in progress first, as the Answer button does.
    expect(adapter.setHeld).toHaveBeenCalledWith('out', true);
    expect(adapter.answer).toHaveBeenCalledWith('in1');
    act(() => fire.callAction.fire({ callId: 'in2', action: 'decline' }));
    expect(adapter.decline).toHaveBeenCalledWith('in2');
    act(() => store.getState().showTab('admin'));
    act(() => fire.callAction.fire({ callId: 'out', action: 'show' }));
    expect(store.getState().tab).toBe('phone');
    expect(store.getState().lines.selectedId).toBe('out');
    act(() => fire.callAction.fire({ callId: 'gone', action: 'answer' }));
    expect(adapter.answer).toHaveBeenCalledTimes(1);
  });

  it('global shortcuts answer the ringing call and hang up the one shown', () => {
    const { emit, fire, adapter } = renderDesktop();
    act(() => fire.hotkey.fire('answer'));
    expect(adapter.answer).not.toHaveBeenCalled();
    emit((sink) => sink.callAdded(ringing()));
    act(() => fire.hotkey.fire('answer'));
    expect(adapter.answer).toHaveBeenCalledWith('c1');
    emit((sink) => sink.callChanged('c1', { state: 'connected', connectedAt: 1 }));
    act(() => fire.hotkey.fire('hang-up'));
    expect(adapter.hangup).toHaveBeenCalledWith('c1');
    emit((sink) => sink.callAdded(ringing({ id: 'c2', line: 2 })));
    emit((sink) => sink.callChanged('c1', { state: 'ended', endReason: 'hangup-local' }));
    act(() => fire.hotkey.fire('hang-up'));
    expect(adapter.decline).not.toHaveBeenCalled();
  });
});

describe('desktop wiring: status, language, links, re-registration', () => {
  it('reports registration and do-not-disturb on every change; the tray toggles it', () => {
    const { emit, desktop, fire, store } = renderDesktop();
    expect(desktop.reportStatus).toHaveBeenLastCalledWith({
      registration: 'registered',
      doNotDisturb: false,
    });
    const reports = desktop.reportStatus.mock.calls.length;
    emit((sink) => sink.registrationChanged('connecting', 'server-unreachable'));
    expect(desktop.reportStatus).toHaveBeenLastCalledWith({
      registration: 'unregistered',
      doNotDisturb: false,
    });
    act(() => fire.dnd.fire(true));
    expect(store.getState().settings.doNotDisturb).toBe(true);
    expect(desktop.reportStatus).toHaveBeenLastCalledWith({
      registration: 'unregistered',
      doNotDisturb: true,
    });
    emit((sink) => sink.callAdded(call()));
    expect(desktop.reportStatus).toHaveBeenCalledTimes(reports + 2);
  });

  it('do not disturb: the call is declined here and main never hears of it', () => {
    const { emit, desktop, adapter, store } = renderDesktop();
    act(() => store.getState().updateSettings({ doNotDisturb: true }));
    emit((sink) => sink.callAdded(ringing()));
    expect(adapter.declineHere).toHaveBeenCalledWith('c1');
    emit((sink) => sink.callChanged('c1', { state: 'ended', endReason: 'declined' }));
    expect(desktop.callEvent).not.toHaveBeenCalled();
  });

  it('tells main the language at start and on every change', async () => {
    const { desktop, user } = renderDesktop({ language: 'ru' });
    expect(desktop.setLanguage).toHaveBeenLastCalledWith('ru');
    await user.click(screen.getByRole('button', { name: 'Настройки' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Язык' }), 'en');
    expect(desktop.setLanguage).toHaveBeenLastCalledWith('en');
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeInTheDocument();
  });

  it('a link’s number lands in the dialer, ready to dial, from settings too', async () => {
    const { fire, user, adapter } = renderDesktop();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    act(() => fire.dial.fire('+78121234567'));
    const input = screen.getByRole('textbox', { name: 'Number to call' });
    expect(input).toHaveValue('+78121234567');
    expect(input).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(adapter.call).toHaveBeenCalledWith('+78121234567');
  });

  it('takes the number of a link opened before the window was ready, once', async () => {
    const { desktop } = renderDesktop({}, '0462626');
    expect(await screen.findByDisplayValue('0462626', {}, { timeout: 2000 })).toBeInTheDocument();
    expect(desktop.takePendingDial).toHaveBeenCalled();
  });

  it('registers again on wake-up, and when the network is back (browser too)', () => {
    const { fire, adapter } = renderDesktop();
    act(() => fire.reregister.fire());
    expect(adapter.reregister).toHaveBeenCalledTimes(1);
    act(() => void window.dispatchEvent(new Event('online')));
    expect(adapter.reregister).toHaveBeenCalledTimes(2);
  });

  it('the browser registers again when the network is back', () => {
    const { adapter } = renderApp();
    act(() => void window.dispatchEvent(new Event('online')));
    expect(adapter.reregister).toHaveBeenCalledTimes(1);
  });

  it('registers the kept shortcuts at start; undoing the wiring unsubscribes everything', async () => {
    const store = createAppStore({ storage: memoryStorage(), language: 'en' });
    store.getState().updateSettings({ hotkeys: { answer: 'F9' } });
    const desktop = fakeDesktop();
    const services = testServices({
      adapter: fakeAdapter(),
      host: desktopHost(),
      store,
      tones: fakeTones(),
      api: vi.fn(),
      subscribeEvents: vi.fn(() => () => {}),
    });
    const undo = wireDesktop(services, desktop, (key) => key);
    expect(desktop.setHotkeys).toHaveBeenCalledWith({ answer: 'F9' });
    expect(Object.values(desktop.channels).map((c) => c.count)).toEqual([1, 1, 1, 1, 1]);
    undo();
    expect(Object.values(desktop.channels).map((c) => c.count)).toEqual([0, 0, 0, 0, 0]);
    await waitFor(() => expect(desktop.takePendingDial).toHaveBeenCalledTimes(1));
  });
});
