import { fireEvent, screen } from '@testing-library/react';
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
    fireEvent.click(screen.getByRole('tab', { name: 'Recent' }));
    expect(screen.getByRole('button', { name: 'Call 0555555' })).toBeInTheDocument();
  });

  it('shows the number the client sees, from ringing into the call', () => {
    const { emit } = renderApp();
    emit((sink) => sink.callAdded(call({ remoteNumber: '+78123090000' })));
    expect(screen.queryByText(/The client sees/)).not.toBeInTheDocument();
    emit((sink) => sink.callChanged('c1', { state: 'ringback', callerIdShown: '+78121234567' }));
    const line = screen.getByRole('region', { name: 'Line 1' });
    expect(line).toHaveTextContent('The client sees +7 812 123 45 67');
    emit((sink) => sink.callChanged('c1', { state: 'connected', connectedAt: Date.now() }));
    expect(screen.getByText('The client sees +7 812 123 45 67')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Hang up' })).toBeInTheDocument();
  });

  it('in Russian too', () => {
    const { emit } = renderApp({ language: 'ru' });
    emit((sink) =>
      sink.callAdded(
        call({ remoteNumber: '+78123090000', state: 'ringback', callerIdShown: '+74951234567' }),
      ),
    );
    expect(screen.getByText('Клиент видит номер +7 495 123 45 67')).toBeVisible();
  });

  it.each([
    [
      'no-caller-id',
      'No caller ID is permitted for this client’s region, so the call was not made.',
    ],
    ['destination-barred', 'Calls to this destination are not allowed for your number.'],
    ['bad-number', 'What was dialled is not a number.'],
  ] as const)('refused with %s: the end screen says why', (refusal, sentence) => {
    const { emit, store } = renderApp();
    emit((sink) => {
      sink.callAdded(call({ remoteNumber: '+442079460958' }));
      sink.callChanged('c1', {
        state: 'ended',
        endReason: 'refused',
        refusal,
        status: refusal === 'bad-number' ? 484 : 403,
      });
    });
    const line = screen.getByRole('region', { name: 'Line 1' });
    expect(line).toHaveTextContent('Call ended');
    expect(screen.getByRole('alert')).toHaveTextContent(sentence);
    expect(store.getState().history[0]).toMatchObject({ remoteNumber: '+442079460958', refusal });
  });
});
