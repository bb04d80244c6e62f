import type { SipAdapter } from '../../sip/types';
import type { AppStore } from '../../store';

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
