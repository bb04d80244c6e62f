import type { SipEventSink } from '../sip/types';
import type { AppStore } from './store';

/** The adapter's view of the store: its events become slice actions, no React involved. */
export function createSinkForStore(store: AppStore): SipEventSink {
  return {
    registrationChanged: (status, problem) => store.getState().registrationChanged(status, problem),
    callAdded: (call) => store.getState().callAdded(call),
    callChanged: (id, patch) => store.getState().callChanged(id, patch),
    dtmfReceived: (id, digit) => store.getState().appendDigits(id, digit),
  };
}
