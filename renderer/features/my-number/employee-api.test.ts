import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError, type EventsOptions, type EventsSubscriber, type PbxApi } from '../../api';
import { createAppStore, memoryStorage } from '../../store';
import { createEmployeeApi } from './employee-api';

const session = (token: string) => ({
  role: 'employee' as const,
  token,
  expiresAt: '2030-01-01T00:00:00.000Z',
  employee: { id: 11, name: 'Olga', sipNumber: '0462626' },
  company: { id: 7, name: 'Acme' },
});
const number = {
  employee: { id: 11, name: 'Olga' },
  sipNumber: '0462626',
  enabled: true,
  multiTerminal: false,
  channels: 1,
  callerId: {
    mode: 'random' as const,
    fixedNumber: null,
    mayChoose: false,
    choices: [],
    chosen: null,
  },
  absence: null,
};
const unauthorized = () => new ApiRequestError(401, 'unauthorized', 'expired');

function setup() {
  const store = createAppStore({ storage: memoryStorage(), language: 'en' });
  let tokens = 0;
  const client = {
    signInEmployee: vi.fn(async () => session(`t${++tokens}`)),
    me: vi.fn(async () => number),
    myDevices: vi.fn(async () => []),
    signOut: vi.fn(async () => {}),
  };
  const api = vi.fn((_base: string, _token?: string) => client as unknown as PbxApi);
  const subscriptions: { token: string; options: EventsOptions; stop: () => void }[] = [];
  const subscribeEvents = vi.fn<EventsSubscriber>((_b, token, _on, options = {}) => {
    const stop = vi.fn();
    subscriptions.push({ token, options, stop });
    return stop;
  });
  const employee = createEmployeeApi({ api, subscribeEvents, store });
  const login = { baseUrl: 'https://pbx.test', sipNumber: '0462626', password: 'pw' };
  return { store, client, api, subscriptions, employee, login };
}

describe('employee API session', () => {
  it('signs in once for concurrent calls, loads the card and subscribes with the token', async () => {
    const { store, client, subscriptions, employee, login } = setup();
    await employee.start(login);
    expect(client.signInEmployee).toHaveBeenCalledTimes(1);
    expect(store.getState().myNumber).toMatchObject({
      status: 'ready',
      employeeId: 11,
      devices: [],
    });
    expect(subscriptions.map((s) => s.token)).toEqual(['t1']);
  });

  it('signs in again once when a call answers 401, and retries it', async () => {
    const { client, api, employee, login } = setup();
    await employee.start(login);
    client.me.mockRejectedValueOnce(unauthorized());
    await employee.reload();
    expect(client.signInEmployee).toHaveBeenCalledTimes(2);
    expect(api).toHaveBeenLastCalledWith('https://pbx.test', 't2');
    client.me.mockRejectedValueOnce(unauthorized()).mockRejectedValueOnce(unauthorized());
    await expect(employee.call((a) => a.me())).rejects.toMatchObject({ status: 401 });
  });

  it('re-subscribes with a fresh token when the events socket refuses the old one', async () => {
    const { subscriptions, employee, login } = setup();
    await employee.start(login);
    subscriptions[0]!.options.onUnauthorized?.();
    await vi.waitFor(() => expect(subscriptions.map((s) => s.token)).toEqual(['t1', 't2']));
  });

  it('stops: unsubscribes, revokes the token, forgets it, and drops late answers', async () => {
    const { store, client, api, subscriptions, employee, login } = setup();
    await employee.start(login);
    await employee.stop();
    expect(subscriptions[0]!.stop).toHaveBeenCalled();
    expect(api).toHaveBeenLastCalledWith('https://pbx.test', 't1');
    expect(client.signOut).toHaveBeenCalled();
    expect(store.getState().myNumber).toEqual({ status: 'off' });
    await expect(employee.call((a) => a.me())).rejects.toMatchObject({ status: 401 });

    let answer!: (value: typeof number) => void;
    client.me.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const starting = employee.start(login);
    await vi.waitFor(() => expect(answer).toBeDefined());
    await employee.stop();
    answer({ ...number, channels: 9 });
    await starting;
    expect(store.getState().myNumber).toEqual({ status: 'off' });
  });
});

describe('the directory of colleagues', () => {
  it('loads with the session, follows their devices and calls live, and goes with sign-out', async () => {
    const store = createAppStore({ storage: memoryStorage(), language: 'en' });
    const registered = { value: false };
    const client = {
      signInEmployee: vi.fn(async () => session('t1')),
      me: vi.fn(async () => number),
      myDevices: vi.fn(async () => []),
      colleagues: vi.fn(async () => [
        {
          id: 12,
          name: 'Boris Petrov',
          sipNumber: '0333333',
          registered: registered.value,
          state: registered.value ? ('free' as const) : ('offline' as const),
        },
      ]),
      signOut: vi.fn(async () => {}),
    };
    let onEvent: Parameters<EventsSubscriber>[2] = () => {};
    const employee = createEmployeeApi({
      api: () => client as unknown as PbxApi,
      subscribeEvents: (_b, _t, on) => {
        onEvent = on;
        return () => {};
      },
      store,
    });
    await employee.start({ baseUrl: 'https://pbx.test', sipNumber: '0462626', password: 'pw' });
    await vi.waitFor(() => expect(store.getState().directory.status).toBe('ready'));
    expect(store.getState().directory.colleagues).toEqual([
      { id: 12, name: 'Boris Petrov', sipNumber: '0333333', presence: { state: 'offline' } },
    ]);
    registered.value = true;
    onEvent({ type: 'devices-changed', employeeId: 12, sipNumber: '0333333' });
    await vi.waitFor(() =>
      expect(store.getState().directory.colleagues[0]?.presence).toEqual({ state: 'free' }),
    );
    const reads = client.colleagues.mock.calls.length;
    onEvent({ type: 'presence-changed', sipNumber: '0333333', state: 'ringing' });
    expect(store.getState().directory.colleagues[0]?.presence).toEqual({ state: 'ringing' });
    expect(client.colleagues).toHaveBeenCalledTimes(reads);
    await employee.stop();
    expect(store.getState().directory).toEqual({ status: 'off', colleagues: [] });
  });

  it('is unavailable when the API cannot list them, and the card still loads', async () => {
    const { store, employee, login } = setup();
    await employee.start(login);
    await vi.waitFor(() => expect(store.getState().directory.status).toBe('unavailable'));
    expect(store.getState().myNumber.status).toBe('ready');
  });
});
