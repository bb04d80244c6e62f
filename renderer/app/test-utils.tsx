import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import type { Host, StoredAccount } from '../host/host';
import type { CallInfo, SipAdapter, SipEventSink } from '../sip/types';
import { createAppStore, createSinkForStore, memoryStorage, type Language } from '../store';
import { App } from './App';
import type { TonePlayer } from './tones';

/** The SIP adapter faked at its interface. */
export function fakeAdapter() {
  return {
    start: vi.fn<SipAdapter['start']>(),
    stop: vi.fn<SipAdapter['stop']>(async () => {}),
    call: vi.fn<SipAdapter['call']>(() => 'new-call'),
    answer: vi.fn<SipAdapter['answer']>(),
    decline: vi.fn<SipAdapter['decline']>(),
    hangup: vi.fn<SipAdapter['hangup']>(),
    setMuted: vi.fn<SipAdapter['setMuted']>(),
    setHeld: vi.fn<SipAdapter['setHeld']>(),
    sendDtmf: vi.fn<SipAdapter['sendDtmf']>(),
    remoteStream: vi.fn<SipAdapter['remoteStream']>(() => undefined),
  } satisfies SipAdapter;
}

export function fakeHost(stored?: StoredAccount, canKeep = false) {
  return {
    deviceKind: 'softphone-web',
    instanceId: vi.fn(async () => '6f1c2d3e-0000-4000-8000-000000000001'),
    loadAccount: vi.fn(async () => stored),
    saveAccount: vi.fn<Host['saveAccount']>(async () => {}),
    forgetAccount: vi.fn<Host['forgetAccount']>(async () => {}),
    canKeepPassword: vi.fn(async () => canKeep),
    notify: vi.fn<Host['notify']>(),
    openExternal: vi.fn<Host['openExternal']>(),
  } satisfies Host;
}

export function fakeTones() {
  const stop = vi.fn();
  return { play: vi.fn<TonePlayer['play']>(() => stop), stop };
}

export interface RenderOptions {
  language?: Language;
  /** Start signed in and registered as 0462626. */
  signedIn?: boolean;
  host?: ReturnType<typeof fakeHost>;
}

/** Renders the whole app with fakes; `emit` drives adapter events through the store's sink. */
export function renderApp({
  language = 'en',
  signedIn = true,
  host = fakeHost(),
}: RenderOptions = {}) {
  const store = createAppStore({ storage: memoryStorage(), language });
  const sink = createSinkForStore(store);
  const adapter = fakeAdapter();
  const tones = fakeTones();
  if (signedIn) {
    store.getState().signedIn({ server: 'wss://pbx.test', sipNumber: '0462626' });
    sink.registrationChanged('registered');
  }
  const user = userEvent.setup();
  const view = render(<App adapter={adapter} host={host} store={store} tones={tones} />);
  const emit = (fn: (sink: SipEventSink) => void) => act(() => fn(sink));
  return { ...view, store, sink, adapter, host, tones, user, emit };
}

/** A call as the adapter reports it. */
export function call(patch: Partial<CallInfo> = {}): CallInfo {
  return {
    id: 'c1',
    direction: 'outgoing',
    state: 'dialing',
    remoteNumber: '0555555',
    line: 1,
    waiting: false,
    muted: false,
    held: false,
    startedAt: Date.now(),
    ...patch,
  };
}
