import { act, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import type { ChangeEvent, EventsOptions, EventsSubscriber, PbxApi } from '../api';
import { PBX_API_METHODS } from '../api/pbx-api';
import type { Host, StoredAccount, StoredAdminAccount } from '../host/host';
import type { CallInfo, SipAdapter, SipEventSink } from '../sip/types';
import {
  createAppStore,
  createSinkForStore,
  memoryStorage,
  type AdminPage,
  type Language,
  type Tab,
} from '../store';
import { App } from './App';
import { Admin } from '../features/admin/Admin';
import { createEmployeeApi } from '../features/my-number/employee-api';
import { createServices, type ServiceParts } from './create-services';
import { Phone } from './Phone';
import { adminSession, apiError } from './test-data';
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
    transfer: vi.fn<SipAdapter['transfer']>(),
    consult: vi.fn<SipAdapter['consult']>(() => 'consultation'),
    completeTransfer: vi.fn<SipAdapter['completeTransfer']>(),
    cancelTransfer: vi.fn<SipAdapter['cancelTransfer']>(),
    reregister: vi.fn<SipAdapter['reregister']>(),
    restart: vi.fn<SipAdapter['restart']>(),
    declineHere: vi.fn<SipAdapter['declineHere']>(),
    setMicrophone: vi.fn<SipAdapter['setMicrophone']>(async () => true),
    callStats: vi.fn<SipAdapter['callStats']>(async () => undefined),
  } satisfies SipAdapter;
}

export function fakeHost(
  stored?: StoredAccount,
  canKeep = false,
  storedAdmin?: StoredAdminAccount,
) {
  return {
    deviceKind: 'softphone-web',
    defaultServer: undefined as string | undefined,
    instanceId: vi.fn(async () => '6f1c2d3e-0000-4000-8000-000000000001'),
    loadAccount: vi.fn(async () => stored),
    saveAccount: vi.fn<Host['saveAccount']>(async () => {}),
    forgetAccount: vi.fn<Host['forgetAccount']>(async () => {}),
    canKeepPassword: vi.fn(async () => canKeep),
    loadAdminAccount: vi.fn(async () => storedAdmin),
    saveAdminAccount: vi.fn<Host['saveAdminAccount']>(async () => {}),
    forgetAdminAccount: vi.fn<Host['forgetAdminAccount']>(async () => {}),
    notify: vi.fn<Host['notify']>(),
    openExternal: vi.fn<Host['openExternal']>(),
  } satisfies Host;
}

/** Tones and prompts faked: `stop` ends a tone, `stopAnnouncement` ends a prompt. */
export function fakeTones() {
  const stop = vi.fn();
  const stopAnnouncement = vi.fn();
  return {
    play: vi.fn<TonePlayer['play']>(() => stop),
    announce: vi.fn<TonePlayer['announce']>(() => stopAnnouncement),
    stop,
    stopAnnouncement,
  };
}

type FakeApi = { [K in keyof PbxApi]: ReturnType<typeof vi.fn<PbxApi[K]>> };

/**
 * The HTTP API faked at its interface: every method a vi.fn that, unless a test says
 * otherwise, fails as if the server could not be reached.
 */
export function fakeApi(answers: Partial<{ [K in keyof PbxApi]: PbxApi[K] }> = {}): FakeApi {
  const unreachable = async () => {
    throw apiError.network();
  };
  return Object.fromEntries(
    PBX_API_METHODS.map((name) => [name, vi.fn(answers[name] ?? unreachable)]),
  ) as unknown as FakeApi;
}

/** Live updates faked: the test pushes events to whoever subscribed. */
export function fakeEvents() {
  const subscribers = new Set<{
    baseUrl: string;
    token: string;
    onEvent: (e: ChangeEvent) => void;
    options: EventsOptions;
  }>();
  const subscribe = vi.fn<EventsSubscriber>((baseUrl, token, onEvent, options = {}) => {
    const entry = { baseUrl, token, onEvent, options };
    subscribers.add(entry);
    return () => subscribers.delete(entry);
  });
  return {
    subscribe,
    subscribers,
    push: (event: Exclude<ApiEvent, { type: 'ready' }>) =>
      act(() => subscribers.forEach((s) => s.onEvent(event))),
    unauthorized: () => act(() => subscribers.forEach((s) => s.options.onUnauthorized?.())),
  };
}

export interface RenderOptions {
  language?: Language;
  /** Start signed in and registered as 0462626. */
  signedIn?: boolean;
  host?: ReturnType<typeof fakeHost>;
  api?: FakeApi;
  /** Start signed in to the Admin tab as boss@example.com of Acme. */
  admin?: boolean;
  /** The admin page open at first (with `admin`). */
  adminPage?: AdminPage;
  tab?: Tab;
}

/** The app's services for a test: the employee API and the screens made at once, not lazily. */
export function testServices(parts: Omit<ServiceParts, 'employeeApi' | 'screens'>) {
  const { api, subscribeEvents, store } = parts;
  return createServices({
    ...parts,
    employeeApi: createEmployeeApi({ api, subscribeEvents, store }),
    screens: { Phone, Admin },
  });
}

/** Renders the whole app with fakes; `emit` drives adapter events through the store's sink. */
export function renderApp({
  language = 'en',
  signedIn = true,
  host = fakeHost(),
  api = fakeApi(),
  admin = false,
  adminPage,
  tab = admin ? 'admin' : 'phone',
}: RenderOptions = {}) {
  const store = createAppStore({ storage: memoryStorage(), language });
  const sink = createSinkForStore(store);
  const adapter = fakeAdapter();
  const tones = fakeTones();
  const events = fakeEvents();
  const apiFactory = vi.fn((_baseUrl: string, _token?: string): PbxApi => api);
  if (signedIn) {
    store.getState().signedIn({ server: 'wss://pbx.test', sipNumber: '0462626' });
    sink.registrationChanged('registered');
  }
  if (admin) {
    const session = adminSession();
    store.getState().adminSignedIn({
      server: 'pbx.test',
      baseUrl: 'https://pbx.test',
      token: session.token,
      email: session.admin.email,
      company: session.company,
    });
    if (adminPage) store.getState().showAdminPage(adminPage);
  }
  store.getState().showTab(tab);
  const services = testServices({
    adapter,
    host,
    store,
    tones,
    api: apiFactory,
    subscribeEvents: events.subscribe,
  });
  const user = userEvent.setup();
  const view = render(<App services={services} />);
  const emit = (fn: (sink: SipEventSink) => void) => act(() => fn(sink));
  return {
    ...view,
    store,
    sink,
    adapter,
    host,
    tones,
    user,
    emit,
    api,
    apiFactory,
    events,
    services,
  };
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
