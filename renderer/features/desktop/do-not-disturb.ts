import type { SipAdapter } from '../../sip/types';
import type { AppStore } from '../../store';
import type { EmployeeApi } from '../my-number/employee-api';

/**
 * Do not disturb on this device: a call that starts ringing here while it is on is declined
 * with 486 (the number's other devices ring on) and leaves the screen once it has ended; it
 * stays in the history. Works in the browser and the desktop app alike.
 */
export function declineWhileDoNotDisturb(store: AppStore, adapter: SipAdapter): () => void {
  const seen = new Set<string>();
  const declined = new Set<string>();
  const check = () => {
    const { lines, settings, dismissCall } = store.getState();
    for (const call of Object.values(lines.calls)) {
      const fresh = !seen.has(call.id);
      seen.add(call.id);
      const rings = call.direction === 'incoming' && call.state === 'ringing';
      if (fresh && rings && settings.doNotDisturb) {
        declined.add(call.id);
        adapter.declineHere(call.id);
      }
    }
    // Read again: declining may have ended calls synchronously.
    for (const id of [...declined]) {
      const call = store.getState().lines.calls[id];
      if (call && call.state !== 'ended') continue;
      declined.delete(id);
      if (call) dismissCall(id);
    }
    for (const id of [...seen]) if (!store.getState().lines.calls[id]) seen.delete(id);
  };
  check();
  return store.subscribe((state, previous) => {
    if (state.lines.calls !== previous.lines.calls || state.settings !== previous.settings) check();
  });
}

/**
 * Tells the PBX this device's do-not-disturb (issue 23 item 3), so colleagues see "Do not
 * disturb" once every device of the number is on it: whenever the phone is registered with its
 * API session up (a new registration is a new binding at the PBX, which starts without DND) and
 * whenever the switch changes. A report that fails is sent again at the next change of either.
 */
export function reportDoNotDisturb(
  store: AppStore,
  employeeApi: Pick<EmployeeApi, 'call'>,
  instanceId: () => Promise<string>,
): () => void {
  /** What the PBX was last told while ready; unset when not ready (the next ready reports). */
  let reported: boolean | undefined;
  const check = () => {
    const { registration, myNumber, settings } = store.getState();
    if (registration.status !== 'registered' || myNumber.status !== 'ready') {
      reported = undefined;
      return;
    }
    const on = settings.doNotDisturb;
    if (reported === on) return;
    reported = on;
    void Promise.resolve()
      .then(instanceId)
      .then((instance) => employeeApi.call((api) => api.setDoNotDisturb({ instance, on })))
      .catch(() => {
        if (reported === on) reported = undefined;
      });
  };
  check();
  return store.subscribe((state, previous) => {
    if (
      state.registration.status !== previous.registration.status ||
      state.myNumber.status !== previous.myNumber.status ||
      state.settings.doNotDisturb !== previous.settings.doNotDisturb
    ) {
      check();
    }
  });
}
