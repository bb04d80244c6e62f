import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { absence, myNumber } from '../../app/test-data';
import { call, renderApp, type RenderOptions } from '../../app/test-utils';
import type { Absence } from '../../../shared/api';

const inForce = (patch: Partial<Absence> = {}) =>
  absence({ from: '2020-03-10T06:00:00.000Z', to: '2099-03-20T18:00:00.000Z', ...patch });

function renderAbsent(a: Absence | null, options: RenderOptions = {}) {
  const app = renderApp(options);
  act(() =>
    app.store.getState().myNumberChanged({ status: 'ready', number: myNumber({ absence: a }) }),
  );
  return app;
}

describe('absence banner', () => {
  it('says until when and to whom calls go, and that calling out still works', async () => {
    const { user, adapter } = renderAbsent(inForce());
    expect(screen.getByRole('note')).toHaveTextContent(
      /^You are marked absent until .*2099.*: calls to you go to Ivan Sidorov\. You can still make calls\.$/,
    );
    await user.type(screen.getByRole('textbox', { name: 'Number to call' }), '0777777');
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect(adapter.call).toHaveBeenCalledWith('0777777');
  });

  it('without a colleague: callers hear you are absent (in Russian too)', () => {
    renderAbsent(inForce({ forwardTo: null }), { language: 'ru' });
    expect(screen.getByRole('note')).toHaveTextContent(
      /^Вы отмечены как отсутствующий до .*2099.*: звонящие слышат, что вас нет\. Звонить вы по-прежнему можете\.$/,
    );
  });

  it('stays in view during a call, follows live changes, and is gone after the period', () => {
    const { store, emit } = renderAbsent(inForce());
    emit((sink) => sink.callAdded(call({ state: 'connected' })));
    expect(screen.getByRole('note')).toHaveTextContent('Ivan Sidorov');
    act(() =>
      store.getState().myNumberChanged({
        number: myNumber({ absence: inForce({ to: '2001-01-01T00:00:00.000Z' }) }),
      }),
    );
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
    act(() => store.getState().myNumberChanged({ number: myNumber({ absence: inForce() }) }));
    expect(screen.getByRole('note')).toBeInTheDocument();
    act(() => store.getState().myNumberChanged({ number: myNumber({ absence: null }) }));
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('goes away by itself when the period ends', () => {
    vi.useFakeTimers({ now: Date.parse('2030-03-20T17:59:00.000Z') });
    try {
      renderAbsent(inForce({ to: '2030-03-20T18:00:00.000Z' }));
      expect(screen.getByRole('note')).toBeInTheDocument();
      act(() => vi.advanceTimersByTime(59_000));
      expect(screen.getByRole('note')).toBeInTheDocument();
      act(() => vi.advanceTimersByTime(1_000));
      expect(screen.queryByRole('note')).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('disabled banner', () => {
  it('says the administrator disabled the number, live, and goes when it is on again', () => {
    const { store } = renderApp();
    expect(screen.queryByText(/disabled by your administrator/)).not.toBeInTheDocument();
    act(() =>
      store.getState().myNumberChanged({ status: 'ready', number: myNumber({ enabled: false }) }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Your number has been disabled by your administrator: calls to and from it are refused until it is switched on again.',
    );
    act(() =>
      store.getState().myNumberChanged({ status: 'ready', number: myNumber({ enabled: true }) }),
    );
    expect(screen.queryByText(/disabled by your administrator/)).not.toBeInTheDocument();
  });
});
