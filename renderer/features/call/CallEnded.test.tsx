import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RefusalToken } from '../../../shared/refusals';
import { call, renderApp } from '../../app/test-utils';
import type { CallEndReason } from '../../sip/types';
import { ENDED_CALL_SHOWN_MS } from './CallEnded';

const refusals: [RefusalToken, string][] = [
  ['device-limit', 'Your number is in use on another device, or its device limit is reached.'],
  ['number-disabled', 'The number is disabled.'],
  ['employee-absent', 'The employee is absent.'],
  ['not-registered', 'The employee is not signed in on any device.'],
  ['no-answer', 'Nobody answered in time.'],
  ['channels-full', 'All lines of the number are busy.'],
  ['no-caller-id', 'No caller ID is permitted for this client’s region, so the call was not made.'],
  ['destination-barred', 'Calls to this destination are not allowed for your number.'],
  ['unknown-number', 'There is no such SIP number.'],
  ['bad-number', 'What was dialled is not a number.'],
  ['auth-throttled', 'Too many failed attempts. Wait a few minutes and try again.'],
];

const reasons: [CallEndReason, string][] = [
  ['declined', 'The call was declined.'],
  ['busy', 'The line is busy.'],
  ['no-answer', 'Nobody answered.'],
  ['hangup-remote', 'The other side hung up.'],
  ['answered-elsewhere', 'Answered on another device.'],
];

describe('ended call', () => {
  afterEach(() => vi.useRealTimers());

  it.each(refusals)('refused with %s: says so in words', (token, sentence) => {
    const { emit } = renderApp();
    emit((sink) => {
      sink.callAdded(call());
      sink.callChanged('c1', { state: 'ended', endReason: 'refused', refusal: token, status: 403 });
    });
    expect(screen.getByRole('alert')).toHaveTextContent(sentence);
  });

  it.each(reasons)('ended as %s: says so in words', (endReason, sentence) => {
    const { emit } = renderApp();
    emit((sink) => {
      sink.callAdded(call());
      sink.callChanged('c1', { state: 'ended', endReason });
    });
    expect(screen.getByRole('alert')).toHaveTextContent(sentence);
  });

  it('a failure without a token says its status in words, never the number', () => {
    const { emit } = renderApp();
    emit((sink) => {
      sink.callAdded(call());
      sink.callChanged('c1', { state: 'ended', endReason: 'failed', status: 503 });
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'The phone system cannot connect this call right now. Try again later.',
    );
    expect(alert).not.toHaveTextContent('503');
  });

  it('leaves the lines after a moment, and the dialer comes back', () => {
    vi.useFakeTimers();
    const { emit, store } = renderApp();
    emit((sink) => {
      sink.callAdded(call());
      sink.callChanged('c1', { state: 'ended', endReason: 'refused', refusal: 'employee-absent' });
    });
    act(() => vi.advanceTimersByTime(ENDED_CALL_SHOWN_MS - 100));
    expect(store.getState().lines.order).toEqual(['c1']);
    act(() => vi.advanceTimersByTime(100));
    expect(store.getState().lines.order).toEqual([]);
    expect(screen.getByRole('button', { name: 'Call' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Recent' }));
    expect(screen.getByRole('region', { name: 'Recent calls' })).toHaveTextContent(
      'The employee is absent.',
    );
  });
});
