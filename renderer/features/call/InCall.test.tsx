import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, renderApp } from '../../app/test-utils';

const connected = (patch = {}) => call({ state: 'connected', connectedAt: Date.now(), ...patch });

describe('in call', () => {
  afterEach(() => vi.useRealTimers());

  it('mute and hold call the adapter; the buttons follow the call', async () => {
    const { emit, user, adapter } = renderApp();
    emit((sink) => sink.callAdded(connected()));
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    expect(adapter.setMuted).toHaveBeenCalledWith('c1', true);
    emit((sink) => sink.callChanged('c1', { muted: true }));
    expect(screen.getByText(/Microphone off/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(adapter.setMuted).toHaveBeenLastCalledWith('c1', false);

    await user.click(screen.getByRole('button', { name: 'Hold' }));
    expect(adapter.setHeld).toHaveBeenCalledWith('c1', true);
    emit((sink) => sink.callChanged('c1', { held: true }));
    expect(screen.getByText(/On hold/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(adapter.setHeld).toHaveBeenLastCalledWith('c1', false);
  });

  it('held by the other side: says by whom, in both languages, and Hold stays ours', () => {
    const { emit } = renderApp();
    emit((sink) => sink.callAdded(connected({ remoteName: 'Anna Ivanova' })));
    emit((sink) => sink.callChanged('c1', { heldByRemote: true }));
    expect(screen.getByText('On hold by Anna Ivanova')).toBeInTheDocument();
    expect(
      screen.getByText('You will hear them again when they take the call off hold.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'false');
    emit((sink) => sink.callChanged('c1', { heldByRemote: false }));
    expect(screen.getByText('Connected')).toBeInTheDocument();
  });

  it('held by the other side, in Russian', () => {
    const { emit } = renderApp({ language: 'ru' });
    emit((sink) => sink.callAdded(connected({ remoteNumber: '0462626', heldByRemote: true })));
    expect(screen.getByText('На удержании у 0462626')).toBeInTheDocument();
  });

  it('the tones keypad sends DTMF and shows it; received digits show too', async () => {
    const { emit, user, adapter } = renderApp();
    emit((sink) => sink.callAdded(connected()));
    await user.click(screen.getByRole('button', { name: 'Keypad' }));
    const keypad = screen.getByRole('group', { name: 'Tones keypad' });
    await user.click(within(keypad).getByRole('button', { name: '1' }));
    await user.click(within(keypad).getByRole('button', { name: '#' }));
    // Sent the way the settings say at that moment (RFC 4733 by default).
    expect(adapter.sendDtmf.mock.calls).toEqual([
      ['c1', '1', 'rfc4733'],
      ['c1', '#', 'rfc4733'],
    ]);
    emit((sink) => sink.dtmfReceived('c1', '5'));
    expect(screen.getByLabelText('Tones')).toHaveTextContent('1#5');
    await user.click(screen.getByRole('button', { name: 'Hide keypad' }));
    expect(screen.queryByRole('group', { name: 'Tones keypad' })).not.toBeInTheDocument();
  });

  it('hang up calls the adapter', async () => {
    const { emit, user, adapter } = renderApp();
    emit((sink) => sink.callAdded(connected()));
    await user.click(screen.getByRole('button', { name: 'Hang up' }));
    expect(adapter.hangup).toHaveBeenCalledWith('c1');
  });

  it('counts the time in mm:ss', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { emit } = renderApp();
    emit((sink) => sink.callAdded(connected({ connectedAt: 1_000_000 })));
    act(() => vi.advanceTimersByTime(75_000));
    expect(screen.getByLabelText('Call time')).toHaveTextContent('01:15');
  });

  it('plays the remote audio the adapter gives', () => {
    const { emit, adapter } = renderApp();
    const stream = { id: 'remote' } as unknown as MediaStream;
    adapter.remoteStream.mockReturnValue(stream);
    emit((sink) => sink.callAdded(connected()));
    expect(adapter.remoteStream).toHaveBeenCalledWith('c1');
    const audio = screen.getByTestId('remote-audio-c1') as HTMLAudioElement;
    expect(audio.srcObject).toBe(stream);
  });
});
