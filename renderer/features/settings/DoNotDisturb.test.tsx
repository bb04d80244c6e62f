import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { employeeSession, myNumber } from '../../app/test-data';
import { call, fakeApi, renderApp } from '../../app/test-utils';

const ringing = (patch = {}) => call({ direction: 'incoming', state: 'ringing', ...patch });

describe('do not disturb on this device', () => {
  it('is switched in settings, kept, and shown beside the registration', async () => {
    const { user, store } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    const box = screen.getByRole('checkbox', { name: 'Do not disturb on this device' });
    expect(box).toHaveAccessibleDescription(
      'Calls are declined here; your other devices keep ringing. Colleagues see “Do not disturb” when all your devices are on it.',
    );
    await user.click(box);
    expect(store.getState().settings.doNotDisturb).toBe(true);
    expect(screen.getByRole('status')).toHaveTextContent('Do not disturb');
    await user.click(box);
    expect(screen.getByRole('status')).not.toHaveTextContent('Do not disturb');
  });

  it('is told to the PBX for colleagues to see, from this device, once the phone is signed in', async () => {
    const api = fakeApi({
      signInEmployee: vi.fn(async () => employeeSession()),
      me: vi.fn(async () => myNumber()),
      myDevices: vi.fn(async () => []),
      setDoNotDisturb: vi.fn(async () => {}),
    });
    const { user, services, host } = renderApp({ api });
    await act(() =>
      services.employeeApi.start({
        baseUrl: 'https://pbx.test',
        sipNumber: '0462626',
        password: 'pw',
      }),
    );
    const instance = await host.instanceId();
    await vi.waitFor(() =>
      expect(api.setDoNotDisturb).toHaveBeenCalledWith({ instance, on: false }),
    );
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByRole('checkbox', { name: 'Do not disturb on this device' }));
    await vi.waitFor(() =>
      expect(api.setDoNotDisturb).toHaveBeenLastCalledWith({ instance, on: true }),
    );
  });

  it('declines a call ringing here with 486 only, rings none, keeps it in the history', async () => {
    const { store, emit, adapter, host, tones, sink } = renderApp();
    // JsSIP answers 486 and reports the call failed ('Rejected', local) before returning.
    adapter.declineHere.mockImplementation((id) =>
      sink.callChanged(id, { state: 'ended', endReason: 'declined' }),
    );
    store.getState().updateSettings({ doNotDisturb: true });
    emit((s) => s.callAdded(ringing({ remoteNumber: '0333333' })));
    expect(adapter.declineHere).toHaveBeenCalledWith('c1');
    expect(adapter.decline).not.toHaveBeenCalled();
    expect(store.getState().lines.order).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Answer' })).not.toBeInTheDocument();
    expect(host.notify).not.toHaveBeenCalled();
    expect(tones.play).not.toHaveBeenCalledWith('ringtone');
    expect(store.getState().history[0]).toMatchObject({ id: 'c1', endReason: 'declined' });
  });

  it('leaves calls alone while off, and calls already ringing when it is switched on', () => {
    const { store, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(ringing()));
    emit(() => store.getState().updateSettings({ doNotDisturb: true }));
    expect(screen.getByRole('button', { name: 'Answer' })).toBeInTheDocument();
    emit((sink) => sink.callAdded(call({ id: 'c2', state: 'dialing', line: 2 })));
    expect(adapter.declineHere).not.toHaveBeenCalled();
  });
});
