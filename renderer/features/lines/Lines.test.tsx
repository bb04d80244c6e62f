import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { employeeSession, myNumber } from '../../app/test-data';
import { call, fakeApi, renderApp, type RenderOptions } from '../../app/test-utils';

const incoming = (patch = {}) =>
  call({
    direction: 'incoming',
    state: 'ringing',
    remoteName: 'Ivan Sidorov',
    remoteNumber: '0333333',
    ...patch,
  });
const talking = (patch = {}) =>
  call({
    id: 'a',
    remoteName: 'Anna Petrova',
    remoteNumber: '0111111',
    state: 'connected',
    connectedAt: Date.now(),
    ...patch,
  });

/** The app signed in, with the employee API saying the number has `channels`. */
function renderWithChannels(channels: number | undefined, options: RenderOptions = {}) {
  const app = renderApp(options);
  if (channels !== undefined) {
    act(() =>
      app.store.getState().myNumberChanged({ status: 'ready', number: myNumber({ channels }) }),
    );
  }
  return app;
}

const panel = () => within(screen.getByRole('navigation', { name: 'Lines' }));
const lineTexts = () =>
  panel()
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('lines panel', () => {
  it.each([
    [1, ['Line 1 · free']],
    [2, ['Line 1 · free', 'Line 2 · free']],
    [3, ['Line 1 · free', 'Line 2 · free', 'Line 3 · free']],
  ])('with %i channel(s), idle: every line free', (channels, lines) => {
    renderWithChannels(channels);
    expect(lineTexts()).toEqual(lines);
  });

  it('shows the call on its line; line 2 stays free; the shown line is named in full', () => {
    const { emit } = renderWithChannels(2);
    emit((sink) => sink.callAdded(talking()));
    expect(lineTexts()).toEqual(['Line 1', 'Line 2 · free']);
    expect(panel().getByRole('button', { name: 'Line 1: Anna Petrova, in call' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('follows the number’s channels live (admin changes them, the API event arrives)', async () => {
    const api = fakeApi({
      signInEmployee: vi.fn(async () => employeeSession()),
      me: vi.fn(async () => myNumber({ channels: 1 })),
      myDevices: vi.fn(async () => []),
    });
    const { services, events } = renderApp({ api });
    await act(() =>
      services.employeeApi.start({
        baseUrl: 'http://pbx.test:8080',
        sipNumber: '0462626',
        password: 'sip-secret',
      }),
    );
    expect(lineTexts()).toEqual(['Line 1 · free']);
    api.me.mockResolvedValue(myNumber({ channels: 3 }));
    events.push({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    await vi.waitFor(() => expect(lineTexts()).toHaveLength(3));
    api.me.mockResolvedValue(myNumber({ channels: 2 }));
    events.push({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    await vi.waitFor(() => expect(lineTexts()).toEqual(['Line 1 · free', 'Line 2 · free']));
  });

  it('without the API, shows only the lines in use', () => {
    const { emit } = renderWithChannels(undefined);
    expect(screen.queryByRole('navigation', { name: 'Lines' })).not.toBeInTheDocument();
    emit((sink) => {
      sink.callAdded(talking());
      sink.callAdded(incoming({ id: 'b', line: 2, waiting: true }));
    });
    expect(lineTexts()).toEqual(['Line 1', 'Line 2 · Ivan Sidorov · incoming']);
  });

  it('a waiting call appears on the line the PBX named (X-Line), even above the first free one', () => {
    const { emit } = renderWithChannels(3);
    emit((sink) => {
      sink.callAdded(talking());
      sink.callAdded(incoming({ id: 'b', line: 3, waiting: true }));
    });
    expect(lineTexts()).toEqual(['Line 1', 'Line 2 · free', 'Line 3 · Ivan Sidorov · incoming']);
    expect(screen.getByRole('alert', { name: 'Line 3' })).toHaveTextContent('Ivan Sidorov');
  });
});

describe('line announcement', () => {
  it.each([
    ['en', /line-2\.en\.wav/],
    ['ru', /line-2\.ru\.wav/],
  ] as const)(
    'during a call, a waiting call is announced in the UI language (%s), not rung',
    (language, file) => {
      const { emit, tones } = renderWithChannels(2, { language });
      emit((sink) => sink.callAdded(talking()));
      emit((sink) => sink.callAdded(incoming({ id: 'b', line: 2, waiting: true })));
      expect(tones.announce).toHaveBeenCalledTimes(1);
      expect(tones.announce).toHaveBeenCalledWith(expect.stringMatching(file));
      expect(tones.play).not.toHaveBeenCalledWith('ringtone');
      expect(tones.play).not.toHaveBeenCalledWith('waiting');
    },
  );

  it.each([
    ['en', 3, /line-3\.en\.wav/],
    ['ru', 3, /line-3\.ru\.wav/],
    ['en', 10, /line-10\.en\.wav/],
  ] as const)(
    'names the line the waiting call is on (%s, line %i), not "line two"',
    (language, line, file) => {
      const { emit, tones } = renderWithChannels(10, { language });
      emit((sink) => sink.callAdded(talking()));
      for (let other = 2; other < line; other++) {
        emit((sink) => sink.callAdded(talking({ id: `held-${other}`, line: other, held: true })));
      }
      emit((sink) => sink.callAdded(incoming({ id: 'b', line, waiting: true })));
      expect(tones.announce).toHaveBeenCalledTimes(1);
      expect(tones.announce).toHaveBeenCalledWith(expect.stringMatching(file));
    },
  );

  it.each([
    ['answered', { state: 'connected' as const, connectedAt: 5 }],
    ['declined', { state: 'ended' as const, endReason: 'declined' as const }],
    ['cancelled', { state: 'ended' as const, endReason: 'cancelled' as const }],
  ])('stops when the waiting call is %s', (_how, change) => {
    const { emit, tones } = renderWithChannels(2);
    emit((sink) => {
      sink.callAdded(talking());
      sink.callAdded(incoming({ id: 'b', line: 2, waiting: true }));
    });
    expect(tones.stopAnnouncement).not.toHaveBeenCalled();
    emit((sink) => sink.callChanged('b', change));
    expect(tones.stopAnnouncement).toHaveBeenCalledTimes(1);
    expect(tones.announce).toHaveBeenCalledTimes(1);
  });

  it('an idle device rings normally, even for a call the PBX marked waiting', () => {
    const { emit, tones } = renderWithChannels(2);
    emit((sink) => sink.callAdded(incoming({ line: 2, waiting: true })));
    expect(tones.play).toHaveBeenCalledWith('ringtone');
    expect(tones.announce).not.toHaveBeenCalled();
    expect(screen.getByText('Incoming call')).toBeInTheDocument();
  });

  it('when the call in progress ends first, the waiting call rings in full', () => {
    const { emit, tones } = renderWithChannels(2);
    emit((sink) => {
      sink.callAdded(talking());
      sink.callAdded(incoming({ id: 'b', line: 2, waiting: true }));
    });
    emit((sink) => sink.callChanged('a', { state: 'ended', endReason: 'hangup-remote' }));
    expect(tones.stopAnnouncement).toHaveBeenCalledTimes(1);
    expect(tones.play).toHaveBeenCalledWith('ringtone');
  });
});

describe('answering, switching and ending lines', () => {
  function twoCalls() {
    const app = renderWithChannels(2);
    app.emit((sink) => {
      sink.callAdded(talking());
      sink.callAdded(incoming({ id: 'b', line: 2, waiting: true }));
    });
    return app;
  }

  it('answering the waiting call holds line 1 and shows line 2', async () => {
    const { user, adapter, emit } = twoCalls();
    const notice = screen.getByRole('alert', { name: 'Line 2' });
    await user.click(within(notice).getByRole('button', { name: 'Answer' }));
    expect(adapter.setHeld.mock.calls).toEqual([['a', true]]);
    expect(adapter.answer).toHaveBeenCalledWith('b');
    emit((sink) => {
      sink.callChanged('a', { held: true });
      sink.callChanged('b', { state: 'connected', connectedAt: Date.now() });
    });
    expect(lineTexts()).toEqual(['Line 1 · Anna Petrova · on hold, press to resume', 'Line 2']);
    expect(screen.getByRole('region', { name: 'Line 2' })).toHaveTextContent('Ivan Sidorov');
  });

  it('switching lines holds the other and resumes the one chosen', async () => {
    const { user, adapter, emit } = twoCalls();
    await user.click(screen.getByRole('button', { name: 'Answer' }));
    emit((sink) => {
      sink.callChanged('a', { held: true });
      sink.callChanged('b', { state: 'connected', connectedAt: Date.now() });
    });
    adapter.setHeld.mockClear();
    await user.click(panel().getByRole('button', { name: /Line 1 · Anna Petrova · on hold/ }));
    expect(adapter.setHeld.mock.calls).toEqual([
      ['b', true],
      ['a', false],
    ]);
    emit((sink) => {
      sink.callChanged('b', { held: true });
      sink.callChanged('a', { held: false });
    });
    expect(screen.getByRole('region', { name: 'Line 1' })).toHaveTextContent('Anna Petrova');
    expect(lineTexts()).toEqual(['Line 1', 'Line 2 · Ivan Sidorov · on hold, press to resume']);
  });

  it('ending one line leaves the other on hold, with a clear way to resume it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { user, adapter, emit } = twoCalls();
      await user.click(screen.getByRole('button', { name: 'Answer' }));
      emit((sink) => {
        sink.callChanged('a', { held: true });
        sink.callChanged('b', { state: 'connected', connectedAt: Date.now() });
      });
      adapter.setHeld.mockClear();
      emit((sink) => sink.callChanged('b', { state: 'ended', endReason: 'hangup-remote' }));
      act(() => vi.advanceTimersByTime(2_000));
      expect(adapter.setHeld).not.toHaveBeenCalled();
      const line1 = screen.getByRole('region', { name: 'Line 1' });
      expect(line1).toHaveTextContent('On hold');
      expect(line1).toHaveTextContent('The other side cannot hear you. Resume to talk again.');
      expect(lineTexts()).toEqual(['Line 1', 'Line 2 · free']);
      await user.click(within(line1).getByRole('button', { name: 'Resume' }));
      expect(adapter.setHeld.mock.calls).toEqual([['a', false]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a waiting call cancelled by the caller frees line 2 after a moment; line 1 goes on', () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { emit, store } = twoCalls();
      emit((sink) => sink.callChanged('b', { state: 'ended', endReason: 'cancelled' }));
      expect(screen.queryByRole('alert', { name: 'Line 2' })).not.toBeInTheDocument();
      expect(lineTexts()).toEqual(['Line 1', 'Line 2 · Ivan Sidorov · ended']);
      act(() => vi.advanceTimersByTime(2_000));
      expect(lineTexts()).toEqual(['Line 1', 'Line 2 · free']);
      expect(store.getState().lines.order).toEqual(['a']);
      expect(screen.getByRole('region', { name: 'Line 1' })).toHaveTextContent('Connected');
    } finally {
      vi.useRealTimers();
    }
  });
});
