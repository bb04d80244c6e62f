import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { call, renderApp } from '../../app/test-utils';

/** In a narrow window the recent calls take the keypad's place: the Recent tab shows them. */
const showRecent = (user: ReturnType<typeof renderApp>['user']) =>
  user.click(screen.getByRole('tab', { name: /^Recent|^Недавние/ }));

describe('call history', () => {
  it('says there are no calls yet', async () => {
    const { user } = renderApp();
    await showRecent(user);
    expect(screen.getByText('No calls yet.')).toBeVisible();
  });

  it('keeps the last 200 calls, newest first, and redials', async () => {
    const { emit, store, user, adapter } = renderApp();
    emit((sink) => {
      for (let i = 0; i < 205; i++) {
        const id = `c${i}`;
        sink.callAdded(call({ id, remoteNumber: `0${String(100000 + i)}`, startedAt: 1_000 + i }));
        sink.callChanged(id, { state: 'connected', connectedAt: 2_000 });
        sink.callChanged(id, {
          state: 'ended',
          endedAt: 2_000 + 65_000,
          endReason: 'hangup-local',
        });
        store.getState().dismissCall(id);
      }
    });
    await showRecent(user);
    const items = within(screen.getByRole('region', { name: 'Recent calls' })).getAllByRole(
      'listitem',
    );
    expect(items).toHaveLength(200);
    expect(items[0]).toHaveTextContent('0100204');
    expect(items[0]).toHaveTextContent('01:05');
    expect(items[199]).toHaveTextContent('0100005');
    await user.click(screen.getByRole('button', { name: 'Call 0100042' }));
    expect(adapter.call).toHaveBeenCalledWith('0100042');
  });

  it('marks a missed call and shows why an unanswered call ended', async () => {
    const { emit, store, user } = renderApp();
    emit((sink) => {
      sink.callAdded(
        call({ id: 'in', direction: 'incoming', state: 'ringing', remoteName: 'Olga' }),
      );
      sink.callChanged('in', { state: 'ended', endReason: 'hangup-remote' });
      sink.callAdded(call({ id: 'out' }));
      sink.callChanged('out', { state: 'ended', endReason: 'refused', refusal: 'employee-absent' });
      store.getState().dismissCall('in');
      store.getState().dismissCall('out');
    });
    await showRecent(user);
    const [out, missed] = screen.getAllByRole('listitem');
    expect(out).toHaveTextContent('Outgoing');
    expect(out).toHaveTextContent('The employee is absent.');
    expect(missed).toHaveTextContent('Olga');
    expect(missed).toHaveTextContent('Missed');
  });

  it('counts missed calls on the Recent tab until they are seen; one click calls back', async () => {
    const { emit, store, user, adapter } = renderApp();
    const miss = (id: string, remoteNumber: string) =>
      emit((sink) => {
        sink.callAdded(
          call({
            id,
            direction: 'incoming',
            state: 'ringing',
            remoteNumber,
            startedAt: Date.now(),
          }),
        );
        sink.callChanged(id, { state: 'ended', endReason: 'cancelled' });
        store.getState().dismissCall(id);
      });
    miss('m1', '0111111');
    miss('m2', '0222222');
    // The keypad stays first; the badge says what was missed while away.
    expect(screen.getByRole('tab', { name: 'Keypad' })).toHaveAttribute('aria-selected', 'true');
    await user.click(screen.getByRole('tab', { name: 'Colleagues' }));
    expect(screen.getByRole('tab', { name: 'Recent, 2 missed' })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Recent, 2 missed' }));
    expect(screen.getByRole('tab', { name: 'Recent' })).toHaveAttribute('aria-selected', 'true');
    miss('m3', '0333333');
    expect(screen.getByRole('tab', { name: 'Recent, 1 missed' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Call 0333333' }));
    expect(adapter.call).toHaveBeenCalledWith('0333333');
    expect(screen.queryByRole('tab', { name: /missed/ })).not.toBeInTheDocument();
  });

  it('names a number the directory knows, in Russian too', async () => {
    const { emit, store, user } = renderApp({ language: 'ru' });
    emit((sink) => {
      sink.callAdded(call({ id: 'o', remoteNumber: '0444444' }));
      sink.callChanged('o', { state: 'ended', endReason: 'busy' });
      store.getState().dismissCall('o');
      store
        .getState()
        .colleaguesLoaded([
          { id: 3, name: 'Anna Ivanova', sipNumber: '0444444', registered: true, state: 'free' },
        ]);
    });
    await showRecent(user);
    expect(screen.getByRole('listitem')).toHaveTextContent('Anna Ivanova 0444444');
  });
});
