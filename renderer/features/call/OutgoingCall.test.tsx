import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { call, renderApp } from '../../app/test-utils';

describe('outgoing call', () => {
  it('shows Calling…, then Ringing… with the ringback tone, then the call', async () => {
    const { emit, tones } = renderApp();
    emit((sink) => sink.callAdded(call({ remoteName: 'Anna Petrova' })));
    expect(screen.getByText('Anna Petrova')).toBeInTheDocument();
    expect(screen.getByText('0555555')).toBeInTheDocument();
    expect(screen.getByText('Calling…')).toBeInTheDocument();
    expect(tones.play).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Call' })).not.toBeInTheDocument();

    emit((sink) => sink.callChanged('c1', { state: 'ringback' }));
    expect(screen.getByText('Ringing…')).toBeInTheDocument();
    expect(tones.play).toHaveBeenCalledWith('ringback');

    emit((sink) => sink.callChanged('c1', { state: 'connected', connectedAt: Date.now() }));
    expect(tones.stop).toHaveBeenCalled();
    expect(screen.getByText('Connected')).toBeInTheDocument();
    expect(screen.getByLabelText('Call time')).toHaveTextContent('00:00');
    expect(screen.getByRole('button', { name: 'Hang up' })).toBeInTheDocument();
  });

  it('Cancel hangs up; the end shows, then the dialer comes back', async () => {
    const { emit, user, adapter, store } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'ringback' })));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(adapter.hangup).toHaveBeenCalledWith('c1');
    emit((sink) => sink.callChanged('c1', { state: 'ended', endReason: 'cancelled' }));
    expect(screen.getByText('Call ended')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Call cancelled.');
    expect(store.getState().history[0]).toMatchObject({
      remoteNumber: '0555555',
      endReason: 'cancelled',
    });
    expect(
      await screen.findByRole('button', { name: 'Call' }, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Call 0555555' })).toBeInTheDocument();
  });
});
