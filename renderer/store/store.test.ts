import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT } from './history-slice';
import { selectLastNumber, selectSelectedCall } from './selectors';
import { createSinkForStore } from './sink';
import { memoryStorage } from './storage';
import { createAppStore, HISTORY_KEY, SETTINGS_KEY } from './store';
import { makeCall } from './test-calls';

const fresh = () => createAppStore({ storage: memoryStorage(), language: 'en' });

describe('registration slice', () => {
  it('starts signed out, connects on sign-in, keeps the problem the adapter reports', () => {
    const store = fresh();
    expect(store.getState().registration).toEqual({ status: 'signed-out' });
    store.getState().signedIn({ server: 'wss://pbx', sipNumber: '0462626' });
    expect(store.getState().registration.status).toBe('connecting');
    createSinkForStore(store).registrationChanged('failed', 'wrong-password');
    expect(store.getState().registration).toEqual({
      status: 'failed',
      problem: 'wrong-password',
      account: { server: 'wss://pbx', sipNumber: '0462626' },
      server: 'checking',
    });
    createSinkForStore(store).registrationChanged('registered');
    expect(store.getState().registration.problem).toBeUndefined();
    const { account } = store.getState().registration;
    store.getState().serverIdentified(account!, 'other');
    expect(store.getState().registration.server).toBe('other');
    // An answer about an earlier sign-in is not about this one.
    store.getState().serverIdentified({ ...account! }, 'this-pbx');
    expect(store.getState().registration.server).toBe('other');
    store.getState().signedOut();
    expect(store.getState().registration).toEqual({ status: 'signed-out' });
  });
});

describe('lines slice and sink', () => {
  it('adds, changes and selects calls; a waiting call does not take the screen', () => {
    const store = fresh();
    const sink = createSinkForStore(store);
    sink.callAdded(makeCall({ id: 'a' }));
    sink.callChanged('a', { state: 'connected', connectedAt: 2_000 });
    sink.callAdded(
      makeCall({ id: 'b', direction: 'incoming', state: 'ringing', line: 2, waiting: true }),
    );
    expect(store.getState().lines.order).toEqual(['a', 'b']);
    expect(selectSelectedCall(store.getState())?.id).toBe('a');
    store.getState().selectLine('b');
    expect(store.getState().lines.selectedId).toBe('b');
  });

  it('a call ringing during a call stays behind it even unmarked; a call dialled out is shown', () => {
    const store = fresh();
    const sink = createSinkForStore(store);
    sink.callAdded(makeCall({ id: 'a', state: 'connected' }));
    sink.callAdded(makeCall({ id: 'b', direction: 'incoming', state: 'ringing', line: 2 }));
    expect(selectSelectedCall(store.getState())?.id).toBe('a');
    sink.callChanged('b', { state: 'ended', endReason: 'cancelled' });
    sink.callAdded(makeCall({ id: 'c', line: 2 }));
    expect(selectSelectedCall(store.getState())?.id).toBe('c');
  });

  it('ignores changes to calls it does not know', () => {
    const store = fresh();
    createSinkForStore(store).callChanged('nope', { state: 'connected' });
    createSinkForStore(store).dtmfReceived('nope', '1');
    expect(store.getState().lines.calls).toEqual({});
  });

  it('appends received DTMF digits to the call', () => {
    const store = fresh();
    const sink = createSinkForStore(store);
    sink.callAdded(makeCall());
    sink.dtmfReceived('c1', '1');
    sink.dtmfReceived('c1', '#');
    expect(store.getState().lines.digits.c1).toBe('1#');
  });

  it('an ended call goes to history at once and leaves the lines on dismissCall', () => {
    const store = fresh();
    const sink = createSinkForStore(store);
    sink.callAdded(makeCall({ id: 'a', startedAt: 1_000 }));
    sink.callAdded(
      makeCall({ id: 'b', line: 2, waiting: true, direction: 'incoming', state: 'ringing' }),
    );
    sink.callChanged('a', { state: 'connected', connectedAt: 2_000 });
    sink.callChanged('a', { state: 'ended', endedAt: 65_000, endReason: 'hangup-remote' });
    sink.callChanged('a', { state: 'ended' });
    expect(store.getState().history).toEqual([
      {
        id: 'a',
        remoteNumber: '0462626',
        direction: 'outgoing',
        startedAt: 1_000,
        durationS: 63,
        endReason: 'hangup-remote',
      },
    ]);
    expect(store.getState().lines.calls.a?.state).toBe('ended');
    store.getState().dismissCall('a');
    expect(store.getState().lines.order).toEqual(['b']);
    expect(store.getState().lines.selectedId).toBe('b');
  });

  it('keeps the refusal token of a refused call', () => {
    const store = fresh();
    const sink = createSinkForStore(store);
    sink.callAdded(makeCall());
    sink.callChanged('c1', { state: 'ended', endReason: 'refused', refusal: 'employee-absent' });
    expect(store.getState().history[0]).toMatchObject({ durationS: 0, refusal: 'employee-absent' });
  });
});

describe('history slice', () => {
  it('keeps the newest 200, newest first', () => {
    const store = fresh();
    const sink = createSinkForStore(store);
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      sink.callAdded(makeCall({ id: `c${i}`, remoteNumber: `0${String(i).padStart(6, '0')}` }));
      sink.callChanged(`c${i}`, { state: 'ended', endReason: 'cancelled' });
      store.getState().dismissCall(`c${i}`);
    }
    const { history } = store.getState();
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]?.id).toBe(`c${HISTORY_LIMIT + 4}`);
    expect(history.at(-1)?.id).toBe('c5');
    expect(selectLastNumber(store.getState())).toBe('0000204');
  });

  it('persists history and settings through the storage and reads them back', () => {
    const storage = memoryStorage();
    const first = createAppStore({ storage, language: 'en' });
    const sink = createSinkForStore(first);
    sink.callAdded(makeCall());
    sink.callChanged('c1', { state: 'ended', endReason: 'declined' });
    first.getState().updateSettings({
      language: 'ru',
      dtmfMethod: 'info',
      audio: { microphone: 'mic-2', ringer: 'speakers' },
      doNotDisturb: true,
      hotkeys: { answer: 'F9' },
    });
    const second = createAppStore({ storage, language: 'en' });
    expect(second.getState().history.map((h) => h.id)).toEqual(['c1']);
    expect(second.getState().settings).toEqual({
      language: 'ru',
      dtmfMethod: 'info',
      iceServers: [],
      audio: { microphone: 'mic-2', ringer: 'speakers' },
      doNotDisturb: true,
      hotkeys: { answer: 'F9' },
    });
  });

  it('survives corrupt stored data', () => {
    const storage = memoryStorage();
    storage.setItem(HISTORY_KEY, '{not json');
    storage.setItem(
      SETTINGS_KEY,
      JSON.stringify({
        language: 'fr',
        dtmfMethod: 'info',
        audio: { microphone: 7, speaker: 'usb' },
        doNotDisturb: 'yes',
        hotkeys: null,
      }),
    );
    const store = createAppStore({ storage, language: 'en' });
    expect(store.getState().history).toEqual([]);
    expect(store.getState().settings).toEqual({
      language: 'en',
      dtmfMethod: 'info',
      iceServers: [],
      audio: { speaker: 'usb' },
      doNotDisturb: false,
      hotkeys: {},
    });
  });
});

describe('shell slice: a number to dial', () => {
  it('shows the Phone tab with the number until a dialer takes it', () => {
    const store = fresh();
    store.getState().showTab('admin');
    store.getState().dialNumber('+78121234567');
    expect([store.getState().tab, store.getState().pendingDial]).toEqual(['phone', '+78121234567']);
    store.getState().dialTaken();
    expect(store.getState().pendingDial).toBeUndefined();
  });
});

describe('reset', () => {
  it('returns to a fresh state', () => {
    const store = fresh();
    const sink = createSinkForStore(store);
    store.getState().signedIn({ server: 'wss://pbx', sipNumber: '0462626' });
    sink.callAdded(makeCall());
    sink.callChanged('c1', { state: 'ended' });
    store.getState().updateSettings({ language: 'ru' });
    store.getState().reset();
    const s = store.getState();
    expect([s.registration.status, s.lines.order, s.history, s.settings.language]).toEqual([
      'signed-out',
      [],
      [],
      'en',
    ]);
  });
});
