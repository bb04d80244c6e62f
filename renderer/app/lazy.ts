/**
 * What the first screen does not need, loaded after it (issue 23, Speed): the sign-in form
 * comes from the first chunk; JsSIP, the API client with its schemas, the phone's screens and
 * the Admin tab each come in a chunk of their own.
 */
import type { EventsSubscriber } from '../api/events';
import type { SipAdapter } from '../sip/types';

type AsyncMethods<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<R>
    : never;
};

/**
 * An object whose methods all answer promises, made from a module loaded on the first call.
 * Its methods are its own properties (`methods`), so it can be spread, wrapped and enumerated
 * like the object it stands for.
 */
export function lazyAsync<T extends AsyncMethods<T>>(
  methods: readonly (keyof T & string)[],
  load: () => Promise<T>,
): T {
  let loaded: Promise<T> | undefined;
  const method =
    (name: keyof T) =>
    (...args: unknown[]) =>
      (loaded ??= load()).then((real) => (real[name] as (...args: unknown[]) => unknown)(...args));
  return Object.fromEntries(methods.map((name) => [name, method(name)])) as T;
}

/**
 * The SIP adapter while JsSIP loads: `start` waits for it; what concerns calls does nothing
 * until then, since a call can only come from the adapter or from the phone's screens, which
 * are shown once it has loaded.
 */
export function lazyAdapter(loading: Promise<SipAdapter>): SipAdapter {
  let real: SipAdapter | undefined;
  void loading.then((adapter) => (real = adapter));
  const notYet = () => {
    throw new Error('the SIP adapter is still loading');
  };
  return {
    start: (config) => void loading.then((adapter) => adapter.start(config)),
    stop: () => (real ? real.stop() : loading.then((adapter) => adapter.stop())),
    call: (target) => (real ? real.call(target) : notYet()),
    answer: (id) => real?.answer(id),
    decline: (id) => real?.decline(id),
    hangup: (id) => real?.hangup(id),
    setMuted: (id, muted) => real?.setMuted(id, muted),
    setHeld: (id, held) => real?.setHeld(id, held),
    sendDtmf: (id, digits, method) => real?.sendDtmf(id, digits, method),
    transfer: (id, target) => real?.transfer(id, target),
    consult: (id, target) => real?.consult(id, target),
    completeTransfer: (id) => real?.completeTransfer(id),
    cancelTransfer: (id) => real?.cancelTransfer(id),
    remoteStream: (id) => real?.remoteStream(id),
    reregister: () => real?.reregister(),
    restart: () => real?.restart(),
    declineHere: (id) => real?.declineHere(id),
    setMicrophone: (deviceId) => loading.then((adapter) => adapter.setMicrophone(deviceId)),
    callStats: (id) => (real ? real.callStats(id) : Promise.resolve(undefined)),
  };
}

/** Live updates that start once their module has loaded; stopping before that cancels them. */
export function lazySubscriber(load: () => Promise<EventsSubscriber>): EventsSubscriber {
  return (baseUrl, token, onEvent, options) => {
    let stop: (() => void) | undefined;
    let stopped = false;
    void load().then((subscribe) => {
      if (!stopped) stop = subscribe(baseUrl, token, onEvent, options);
    });
    return () => {
      stopped = true;
      stop?.();
    };
  };
}
