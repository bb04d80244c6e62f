import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TransferInfo } from '../../sip/types';
import { call, renderApp } from '../../app/test-utils';
import { ENDED_CALL_SHOWN_MS } from '../call/CallEnded';

const boris = { number: '0333333', name: 'Boris Petrov' };
const blind = (patch: Partial<TransferInfo>): TransferInfo => ({
  kind: 'blind',
  target: boris,
  state: 'referring',
  ...patch,
});

/** A connected call with the client, as the adapter reports it. */
function inCall(language: 'en' | 'ru' = 'en') {
  const app = renderApp({ language });
  app.emit((sink) =>
    sink.callAdded(
      call({ state: 'connected', connectedAt: Date.now(), remoteName: 'Client Sidorov' }),
    ),
  );
  const transfer = (patch: Partial<TransferInfo>, rest = {}) =>
    app.emit((sink) => sink.callChanged('c1', { transfer: blind(patch), ...rest }));
  return { ...app, transfer };
}

afterEach(() => vi.useRealTimers());

describe('transfer progress and failure, in words', () => {
  it('blind: transferring, ringing, then transferred and the line is freed', () => {
    vi.useFakeTimers();
    const { transfer, emit, store } = inCall();
    transfer({ state: 'referring' }, { held: true });
    expect(screen.getByText('Transferring to Boris Petrov…')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Transfer' })).toBeDisabled();
    transfer({ state: 'trying' });
    expect(screen.getByText('Transferring to Boris Petrov…')).toBeVisible();
    transfer({ state: 'ringing' });
    expect(screen.getByText('Ringing Boris Petrov…')).toBeVisible();
    transfer({ state: 'done' });
    emit((sink) => sink.callChanged('c1', { state: 'ended', endReason: 'transferred' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Transferred to Boris Petrov.');
    act(() => vi.advanceTimersByTime(ENDED_CALL_SHOWN_MS));
    expect(store.getState().lines.order).toEqual([]);
    fireEvent.click(screen.getByRole('tab', { name: 'Recent' }));
    expect(screen.getByRole('region', { name: 'Recent calls' })).toHaveTextContent(
      'Call transferred.',
    );
  });

  it.each([
    [{ reason: 'busy', status: 486 }, 'The line is busy.'],
    [{ reason: 'declined', status: 603 }, 'The call was declined.'],
    [{ reason: 'refused', refusal: 'employee-absent', status: 480 }, 'The employee is absent.'],
    [{ reason: 'refused', refusal: 'number-disabled', status: 480 }, 'The number is disabled.'],
    [{ reason: 'refused', refusal: 'unknown-number', status: 404 }, 'There is no such SIP number.'],
    [{ reason: 'no-answer', status: 480 }, 'Nobody answered.'],
    [{ reason: 'timeout' }, 'No word about the transfer came back in time.'],
    [
      { reason: 'not-accepted', status: 405 },
      'The other side’s phone did not accept the transfer.',
    ],
  ] as const)('failed (%o): says why, and that the client is back', (problem, sentence) => {
    const { transfer } = inCall();
    transfer({ state: 'failed', problem });
    expect(screen.getByRole('alert')).toHaveTextContent(
      `Could not transfer to Boris Petrov. ${sentence} Client Sidorov is back on the line with you.`,
    );
    expect(screen.getByRole('button', { name: 'Transfer' })).toBeEnabled();
  });

  it('a failed transfer brings the client’s line back to the screen', () => {
    const { emit, transfer, store } = inCall();
    emit((sink) => sink.callAdded(call({ id: 'c2', line: 2, state: 'connected' })));
    expect(store.getState().lines.selectedId).toBe('c2');
    transfer({ state: 'failed', problem: { reason: 'busy', status: 486 } });
    expect(store.getState().lines.selectedId).toBe('c1');
  });

  it('in Russian', () => {
    const { transfer } = inCall('ru');
    transfer({ state: 'ringing' });
    expect(screen.getByText('Звоним Boris Petrov…')).toBeVisible();
    transfer({ state: 'failed', problem: { reason: 'busy', status: 486 } });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Не удалось перевести на Boris Petrov. Линия занята. Client Sidorov снова на линии с вами.',
    );
  });
});

describe('attended transfer: the consultation', () => {
  function consulting() {
    const app = inCall();
    app.emit((sink) => {
      sink.callChanged('c1', {
        held: true,
        transfer: { kind: 'attended', target: boris, state: 'consulting', consultationId: 'c2' },
      });
      sink.callAdded(call({ id: 'c2', line: 2, remoteNumber: '0333333', consultationFor: 'c1' }));
    });
    return app;
  }

  it('while the target rings: complete waits, cancel goes back to the client', async () => {
    const { user, adapter } = consulting();
    const panel = within(
      screen.getByRole('group', {
        name: 'Talking to Boris Petrov before transferring Client Sidorov.',
      }),
    );
    expect(panel.getByRole('button', { name: 'Complete transfer' })).toBeDisabled();
    expect(
      panel.getByText('You can complete the transfer once Boris Petrov answers.'),
    ).toBeVisible();
    await user.click(panel.getByRole('button', { name: 'Cancel transfer' }));
    expect(adapter.cancelTransfer).toHaveBeenCalledWith('c1');
  });

  it('once the target answers: complete transfer, then its progress on this screen', async () => {
    const { user, adapter, emit } = consulting();
    emit((sink) => sink.callChanged('c2', { state: 'connected', connectedAt: Date.now() }));
    expect(screen.queryByRole('button', { name: 'Transfer' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Complete transfer' }));
    expect(adapter.completeTransfer).toHaveBeenCalledWith('c1');
    emit((sink) =>
      sink.callChanged('c1', {
        transfer: { kind: 'attended', target: boris, state: 'trying', consultationId: 'c2' },
      }),
    );
    const line2 = within(screen.getByRole('region', { name: 'Line 2' }));
    expect(line2.getByText('Transferring to Boris Petrov…')).toHaveAttribute('role', 'status');
  });
});

describe('transfers made by others', () => {
  it('the colleague transferring us, and the call a colleague transferred', () => {
    const { emit } = inCall();
    emit((sink) => sink.callChanged('c1', { referredTo: '0333333' }));
    expect(screen.getByText('Being transferred to 0333333…')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Transfer' })).toBeDisabled();
    emit((sink) =>
      sink.callChanged('c1', {
        referredTo: undefined,
        remoteNumber: '0333333',
        remoteName: undefined,
        transferredBy: 'Anna Ivanova',
      }),
    );
    expect(screen.getByRole('region', { name: 'Line 1' })).toHaveTextContent(
      '0333333Transferred by Anna Ivanova',
    );
  });
});
