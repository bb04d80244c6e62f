import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { call, renderApp } from '../../app/test-utils';

describe('call history', () => {
  it('says there are no calls yet', () => {
    renderApp();
    expect(screen.getByText('No calls yet.')).toBeInTheDocument();
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

  it('marks a missed call and shows why an unanswered call ended', () => {
    const { emit, store } = renderApp();
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
    const [out, missed] = screen.getAllByRole('listitem');
    expect(out).toHaveTextContent('Outgoing');
    expect(out).toHaveTextContent('The employee is absent.');
    expect(missed).toHaveTextContent('Olga');
    expect(missed).toHaveTextContent('Missed');
  });
});
