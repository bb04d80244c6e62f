/**
 * Tells the company's live-update sockets when a colleague's state changes (issue 23 item 3):
 * the DialogTracker reports every call change, and each number it touches is announced as a
 * `presence-changed` event carrying the new state. Changes are coalesced per number over a
 * short delay (a forked call's many provisionals make one event), nothing is looked up when
 * nobody listens, and the state comes from memory (colleagueStateNow), never the database.
 */
import type { ApiEventBus } from '../api/events/bus';
import type { DialogTracker } from '../routing/dialogs';
import type { DoNotDisturbTable } from './do-not-disturb';
import { colleagueStateNow, type PresenceSources } from './colleague-state';

/** Well under the 1 s a colleague's screen has to show the change. */
export const PRESENCE_COALESCE_MS = 50;

export interface PresenceAnnouncerDeps extends PresenceSources {
  dialogs: DialogTracker;
  doNotDisturb?: DoNotDisturbTable;
  events: ApiEventBus;
  now?: () => number;
  delayMs?: number;
}

/** Starts announcing; returns the way to stop. */
export function announcePresence(deps: PresenceAnnouncerDeps): () => void {
  const now = deps.now ?? Date.now;
  /** SIP number → company, for the numbers whose change waits to be announced. */
  const pending = new Map<string, number>();
  /** What was last announced per number that is not simply free (so a repeat is skipped). */
  const announced = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const at = now();
    for (const [sipNumber, companyId] of pending) {
      const presence = colleagueStateNow(deps, sipNumber, at);
      const key = `${presence.state} ${presence.until ?? ''}`;
      if ((announced.get(sipNumber) ?? 'free ') === key) continue;
      if (key === 'free ') announced.delete(sipNumber);
      else announced.set(sipNumber, key);
      deps.events.publish(companyId, { type: 'presence-changed', sipNumber, ...presence });
    }
    pending.clear();
  };

  const changed = (sipNumbers: string[]) => {
    if (deps.events.idle) return;
    for (const sipNumber of sipNumbers) {
      // Outside numbers (the carrier's side) are not colleagues.
      const number = deps.directory.sipNumbers.get(sipNumber);
      if (number) pending.set(sipNumber, number.companyId);
    }
    if (pending.size > 0 && !timer) {
      timer = setTimeout(flush, deps.delayMs ?? PRESENCE_COALESCE_MS);
      timer.unref();
    }
  };
  const stops = [
    // Progress alone never changes a colleague's state (their outgoing call is `on-call` throughout).
    deps.dialogs.watch((call, _ended, progressOnly) => {
      if (!progressOnly) changed([call.callerNumber, call.calleeNumber]);
    }),
    deps.doNotDisturb?.watch((sipNumber) => changed([sipNumber])),
  ];

  return () => {
    for (const stop of stops) stop?.();
    clearTimeout(timer);
  };
}
