import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { call, renderApp } from '../../app/test-utils';

const incoming = (patch = {}) =>
  call({
    direction: 'incoming',
    state: 'ringing',
    remoteName: 'Ivan Sidorov',
    remoteNumber: '0333333',
    ...patch,
  });

describe('incoming call', () => {
  it('shows the caller name and number, rings and notifies', () => {
    const { emit, tones, host } = renderApp();
    emit((sink) => sink.callAdded(incoming()));
    expect(screen.getByText('Incoming call')).toBeInTheDocument();
    expect(screen.getByText('Ivan Sidorov')).toBeInTheDocument();
    expect(screen.getByText('0333333')).toBeInTheDocument();
    expect(tones.play).toHaveBeenCalledWith('ringtone');
    expect(host.notify).toHaveBeenCalledWith('Incoming call', 'Ivan Sidorov 0333333');
  });

  it('Answer answers it', async () => {
    const { emit, user, adapter } = renderApp();
    emit((sink) => sink.callAdded(incoming()));
    await user.click(screen.getByRole('button', { name: 'Answer' }));
    expect(adapter.answer).toHaveBeenCalledWith('c1');
    expect(adapter.setHeld).not.toHaveBeenCalled();
  });

  it('Decline declines it; the caller side sees "declined"', async () => {
    const { emit, user, adapter, tones } = renderApp();
    emit((sink) => sink.callAdded(incoming()));
    await user.click(screen.getByRole('button', { name: 'Decline' }));
    expect(adapter.decline).toHaveBeenCalledWith('c1');
    emit((sink) => sink.callChanged('c1', { state: 'ended', endReason: 'declined' }));
    expect(tones.stop).toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('The call was declined.');
  });

  it('a waiting call shows as Line 2 with a second-line notice; answering holds line 1', async () => {
    const { emit, user, adapter, tones } = renderApp();
    emit((sink) => {
      sink.callAdded(call({ id: 'a', remoteNumber: '0111111' }));
      sink.callChanged('a', { state: 'connected', connectedAt: Date.now() });
      sink.callAdded(incoming({ id: 'b', line: 2, waiting: true }));
    });
    const notice = screen.getByRole('alert', { name: 'Line 2' });
    expect(notice).toHaveTextContent(/^Line 2\s*Ivan Sidorov \(0333333\) is calling/);
    expect(tones.announce).toHaveBeenCalledWith(expect.stringMatching(/line-2\.en\.wav/));
    expect(tones.play).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /Line 1/ })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: /Line 2/ })).toHaveAttribute('aria-pressed', 'false');
    await user.click(within(notice).getByRole('button', { name: 'Answer' }));
    expect(adapter.setHeld).toHaveBeenCalledWith('a', true);
    expect(adapter.answer).toHaveBeenCalledWith('b');
    expect(screen.getByRole('button', { name: /Line 2/ })).toHaveAttribute('aria-pressed', 'true');
  });

  it('a waiting call can be declined from the notice', async () => {
    const { emit, user, adapter } = renderApp();
    emit((sink) => {
      sink.callAdded(call({ id: 'a', state: 'connected' }));
      sink.callAdded(incoming({ id: 'b', line: 2, waiting: true }));
    });
    await user.click(
      within(screen.getByRole('alert', { name: 'Line 2' })).getByRole('button', {
        name: 'Decline',
      }),
    );
    expect(adapter.decline).toHaveBeenCalledWith('b');
  });

  it('another device answered: the ringing stops and it says so', () => {
    const { emit, tones, store } = renderApp();
    emit((sink) => sink.callAdded(incoming()));
    expect(tones.play).toHaveBeenCalledWith('ringtone');
    emit((sink) => sink.callChanged('c1', { state: 'ended', endReason: 'answered-elsewhere' }));
    expect(tones.stop).toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Answered on another device.');
    expect(screen.queryByRole('button', { name: 'Answer' })).not.toBeInTheDocument();
    expect(store.getState().history[0]).toMatchObject({ endReason: 'answered-elsewhere' });
  });

  it('another device answered: not a missed call in the history', async () => {
    const { emit, store } = renderApp({ language: 'ru' });
    emit((sink) => {
      sink.callAdded(incoming());
      sink.callChanged('c1', { state: 'ended', endReason: 'answered-elsewhere' });
    });
    expect(screen.getByRole('alert')).toHaveTextContent('Ответили на другом устройстве.');
    emit(() => store.getState().dismissCall('c1'));
    // Not missed: the Recent tab has no badge.
    fireEvent.click(screen.getByRole('tab', { name: 'Недавние' }));
    const recent = screen.getByRole('region', { name: 'Недавние звонки' });
    expect(recent).toHaveTextContent('Входящий');
    expect(recent).toHaveTextContent('Ответили на другом устройстве.');
    expect(recent).not.toHaveTextContent('Пропущенный');
  });
});
