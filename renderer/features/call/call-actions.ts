import type { Services } from '../../app/services';

/** Answers a call; a call in progress on another line is put on hold first. */
export function answerCall({ adapter, store }: Services, id: string): void {
  const { calls } = store.getState().lines;
  for (const other of Object.values(calls)) {
    if (other.id !== id && other.state === 'connected' && !other.held) {
      adapter.setHeld(other.id, true);
    }
  }
  adapter.answer(id);
  store.getState().selectLine(id);
}

/** Sends tones the way the settings say now, and shows them on the call. */
export function sendDigits({ adapter, store }: Services, id: string, digits: string): void {
  adapter.sendDtmf(id, digits, store.getState().settings.dtmfMethod);
  store.getState().appendDigits(id, digits);
}
