import type { Services } from '../../app/services';
import type { CallInfo, TransferTarget } from '../../sip/types';
import { selectCalls } from '../../store';

/**
 * Whether the call can be transferred now: connected, not a consultation (itself part of a
 * transfer), no transfer of it under way, and not being transferred by the other side.
 */
export function mayTransfer(call: CallInfo): boolean {
  const state = call.transfer?.state;
  return (
    call.state === 'connected' &&
    !call.consultationFor &&
    !call.referredTo &&
    (state === undefined || state === 'failed')
  );
}

/** Blind transfer: the adapter holds the call, REFERs it and reports on the call. */
export function transferNow({ adapter }: Services, id: string, target: TransferTarget): void {
  adapter.transfer(id, target);
}

/**
 * Attended transfer, step 1: every other connected line is held, the adapter holds this one
 * and calls the target on a new line, which the screen then shows.
 */
export function consultFirst(services: Services, id: string, target: TransferTarget): void {
  const { adapter, store } = services;
  for (const other of selectCalls(store.getState())) {
    if (other.id !== id && other.state === 'connected' && !other.held) {
      adapter.setHeld(other.id, true);
    }
  }
  const consultationId = adapter.consult(id, target);
  if (consultationId) store.getState().selectLine(consultationId);
}
