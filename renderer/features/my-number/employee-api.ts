import type { Device } from '../../../shared/api';
import {
  ApiRequestError,
  hasStatus,
  type ChangeEvent,
  type EventsSubscriber,
  type PbxApi,
  type PbxApiFactory,
} from '../../api';
import type { AppStore } from '../../store';

/**
 * What the phone signed in with, kept in memory to sign in to the API again: the password, or
 * after a reload of the web softphone the device credential it kept (issue 23 item 6).
 */
export type EmployeeLogin = { baseUrl: string; sipNumber: string } & (
  { password: string } | { device: { username: string; secret: string } }
);

/** The employee's API session, run beside the SIP registration without React. */
export interface EmployeeApi {
  /** Signs in to the API and loads the card; never rejects (the card says it cannot load). */
  start(login: EmployeeLogin): Promise<void>;
  /** Revokes the session and forgets the password and token. */
  stop(): Promise<void>;
  /** Calls the API with the token, signing in again once when it answers 401. */
  call<T>(fn: (api: PbxApi) => Promise<T>): Promise<T>;
  /** Reads the number and the devices again. */
  reload(): Promise<void>;
  chooseCallerId(number: string | null): Promise<void>;
  /** `takeOver`: "Use here instead" (the dropped device is told and stays off). */
  dropDevice(deviceId: string, options?: { takeOver?: boolean }): Promise<void>;
}

export interface EmployeeApiDeps {
  api: PbxApiFactory;
  subscribeEvents: EventsSubscriber;
  store: AppStore;
}

/** The employee API session: token in memory, re-sign-in on 401, live updates into the store. */
export function createEmployeeApi({ api, subscribeEvents, store }: EmployeeApiDeps): EmployeeApi {
  let login: EmployeeLogin | undefined;
  let token: string | undefined;
  let signingIn: Promise<string> | undefined;
  let unsubscribe: (() => void) | undefined;
  /** Bumped by start and stop, so answers of an older session are dropped. */
  let generation = 0;
  const state = () => store.getState();

  const signIn = (): Promise<string> => {
    const current = login;
    if (!current) return Promise.reject(new ApiRequestError(401, 'unauthorized', 'signed out'));
    if (!signingIn) {
      const started = generation;
      const client = api(current.baseUrl);
      signingIn = (
        'device' in current
          ? client.signInDevice(current.device)
          : client.signInEmployee({ sipNumber: current.sipNumber, password: current.password })
      )
        .then((session) => {
          if (started !== generation) throw new ApiRequestError(401, 'unauthorized', 'signed out');
          token = session.token;
          state().myNumberChanged({ employeeId: session.employee.id });
          return session.token;
        })
        .finally(() => {
          signingIn = undefined;
        });
    }
    return signingIn;
  };

  const call = async <T>(fn: (client: PbxApi) => Promise<T>): Promise<T> => {
    const first = token ?? (await signIn());
    const baseUrl = login?.baseUrl ?? '';
    try {
      return await fn(api(baseUrl, first));
    } catch (error) {
      if (!hasStatus(error, 401) || !login) throw error;
      if (token === first) token = undefined;
      return fn(api(baseUrl, token ?? (await signIn())));
    }
  };

  /** Runs a read and stores its answer, unless the session changed meanwhile. */
  const read = async <T>(fn: (client: PbxApi) => Promise<T>, keep: (value: T) => void) => {
    const started = generation;
    const value = await call(fn);
    if (started === generation) keep(value);
  };
  const readNumber = () =>
    read(
      (a) => a.me(),
      (number) => state().myNumberChanged({ number, status: 'ready' }),
    );
  const readDevices = () =>
    read(
      (a) => a.myDevices(),
      (devices: Device[]) => state().myNumberChanged({ devices }),
    );

  /** The colleagues and their presence; the phone works without them. */
  const readColleagues = async () => {
    const started = generation;
    try {
      await read((a) => a.colleagues(), state().colleaguesLoaded);
    } catch {
      if (started === generation && state().directory.status !== 'ready') {
        state().directoryStatus('unavailable');
      }
    }
  };

  const onEvent = (event: ChangeEvent) => {
    // The event carries the colleague's new state: shown at once, nothing read again.
    if (event.type === 'presence-changed') {
      const { sipNumber, state: now, until } = event;
      state().presenceChanged(
        sipNumber,
        until === undefined ? { state: now } : { state: now, until },
      );
      return;
    }
    // A colleague's devices (presence) or the staff changed: the directory reads again.
    if (event.type === 'devices-changed' || event.type === 'employees-changed') {
      void readColleagues();
    }
    if ('employeeId' in event && event.employeeId !== state().myNumber.employeeId) return;
    if (event.type === 'devices-changed') void readDevices().catch(() => {});
    else if (event.type !== 'employees-changed') void readNumber().catch(() => {});
  };

  const subscribe = () => {
    const started = generation;
    if (unsubscribe || !login || !token) return;
    unsubscribe = subscribeEvents(login.baseUrl, token, onEvent, {
      onResync: () => void reload(),
      onUnauthorized: () => {
        unsubscribe = undefined;
        token = undefined;
        void signIn()
          .then(() => started === generation && subscribe())
          .catch(() => {});
      },
    });
  };

  const reload = async () => {
    const started = generation;
    if (!login) return;
    if (state().directory.status !== 'ready') state().directoryStatus('loading');
    void readColleagues();
    try {
      await Promise.all([readNumber(), readDevices()]);
      if (started === generation) subscribe();
    } catch {
      if (started === generation && state().myNumber.status !== 'ready') {
        state().myNumberChanged({ status: 'unavailable' });
      }
    }
  };

  const stop = async () => {
    generation += 1;
    unsubscribe?.();
    unsubscribe = undefined;
    const [was, revoke] = [login, token];
    login = undefined;
    token = undefined;
    state().myNumberReset();
    state().directoryReset();
    if (was && revoke)
      await api(was.baseUrl, revoke)
        .signOut()
        .catch(() => {});
  };

  return {
    async start(next) {
      if (login) await stop();
      generation += 1;
      login = next;
      state().myNumberChanged({ status: 'loading' });
      await reload();
    },
    stop,
    call,
    async reload() {
      if (state().myNumber.status === 'unavailable') state().myNumberChanged({ status: 'loading' });
      await reload();
    },
    async chooseCallerId(number) {
      const started = generation;
      const answer = await call((a) => a.setCallerId({ number }));
      if (started === generation) state().myNumberChanged({ number: answer });
    },
    async dropDevice(deviceId, options) {
      await call((a) => (options ? a.dropMyDevice(deviceId, options) : a.dropMyDevice(deviceId)));
      await readDevices();
    },
  };
}
