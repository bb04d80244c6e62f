import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, renderApp } from '../../app/test-utils';
import { QUALITY_INTERVAL_MS } from './use-call-quality';

/** A stats report as Chromium gives it, with the counters of the audio received so far. */
const statsReport = (lost: number, received: number, rtt = 0.04) =>
  new Map<string, Record<string, unknown>>([
    [
      'in',
      {
        type: 'inbound-rtp',
        kind: 'audio',
        jitter: 0.004,
        packetsLost: lost,
        packetsReceived: received,
      },
    ],
    ['out', { type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: rtt, fractionLost: 0 }],
  ]) as unknown as RTCStatsReport;

describe('call quality indicator', () => {
  afterEach(() => vi.useRealTimers());

  it('shows good/fair/poor with a spoken name, details on focus, every 2 s', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { emit, adapter, user } = renderApp();
    adapter.callStats.mockResolvedValueOnce(statsReport(0, 100));
    adapter.callStats.mockResolvedValueOnce(statsReport(30, 200, 0.3));
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    const good = await screen.findByRole('button', { name: 'Call quality: good' });
    expect(adapter.callStats).toHaveBeenCalledWith('c1');
    expect(screen.getByRole('tooltip', { hidden: true })).not.toBeVisible();
    await user.tab();
    while (document.activeElement !== good) await user.tab();
    const details = screen.getByRole('tooltip');
    expect(details).toBeVisible();
    expect(details).toHaveTextContent('Round trip: 40 ms');
    expect(details).toHaveTextContent('Jitter: 4 ms');
    expect(details).toHaveTextContent('Packet loss: 0.0 %');
    expect(details).toHaveTextContent(/Estimated MOS: 4\.4 of 5/);
    expect(good).toHaveAccessibleDescription(/Round trip: 40 ms/);

    await act(() => vi.advanceTimersByTimeAsync(QUALITY_INTERVAL_MS));
    // 30 of the last 130 packets lost, 300 ms round trip.
    const poor = screen.getByRole('button', { name: 'Call quality: poor' });
    expect(poor).toHaveAccessibleDescription(/Packet loss: 23\.1 %/);
    await user.keyboard('{Escape}');
    expect(screen.getByRole('tooltip', { hidden: true })).not.toBeVisible();
  });

  it('shows nothing while the call has no statistics', async () => {
    const { emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    await act(async () => {});
    expect(adapter.callStats).toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: /Call quality/ })).not.toBeInTheDocument();
  });

  it('speaks Russian too', async () => {
    const { emit, adapter } = renderApp({ language: 'ru' });
    adapter.callStats.mockResolvedValue(statsReport(0, 100));
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    expect(await screen.findByRole('button', { name: 'Качество связи: хорошее' })).toBeVisible();
  });
});
