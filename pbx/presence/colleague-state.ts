/**
 * What a colleague is doing now (issue 23 item 3), for the softphone's colleagues list: one
 * derivation from what the SIP path holds in memory (the DialogTracker's calls, the
 * directory's absences, the registrar's bindings), so it costs no database read.
 */
import type { ColleaguePresence } from '../../shared/api/me';
import type { Directory } from '../directory';
import type { BindingTable } from '../registrar/bindings';
import type { DialogTracker, TrackedCall } from '../routing/dialogs';
import type { AbsencePeriod } from '../store';
import { callView } from './call-view';
import type { DoNotDisturbTable } from './do-not-disturb';

export interface ColleagueFacts {
  sipNumber: string;
  /** The calls the number is in now (DialogTracker.callsOf). */
  calls: readonly TrackedCall[];
  /** The absence period in force now, if any. */
  absence: AbsencePeriod | undefined;
  /** At least one device registered. */
  registered: boolean;
  /** Every device signed in on the number is on do-not-disturb (do-not-disturb.ts). */
  dnd?: boolean;
}

/** The view the `dialog` package would give, reduced to what matters for the list. */
const NO_NAMES = { domain: '', now: 0, nameOf: () => undefined };

/**
 * A call in progress wins (held when every answered call of theirs is held by either side,
 * ringing when none is answered yet and they are its callee), then DND, then absence, then
 * whether a device is signed in at all.
 */
export function colleagueState(facts: ColleagueFacts): ColleaguePresence {
  const views = facts.calls.map((call) => callView(call, facts.sipNumber, NO_NAMES));
  const answered = views.filter((v) => v.state === 'confirmed');
  if (answered.length > 0) {
    const held = answered.every((v) => v.localHeld || v.remoteHeld);
    return { state: held ? 'on-hold' : 'on-call' };
  }
  if (views.length > 0) {
    // Their own outgoing call ringing elsewhere keeps them busy, not ringing.
    return { state: views.some((v) => v.direction === 'recipient') ? 'ringing' : 'on-call' };
  }
  if (facts.dnd) return { state: 'dnd' };
  if (facts.absence) return { state: 'absent', until: new Date(facts.absence.to).toISOString() };
  return { state: facts.registered ? 'free' : 'offline' };
}

/** Where a number's facts are held in memory on the SIP path. */
export interface PresenceSources {
  directory: Pick<Directory, 'sipNumbers' | 'absences'>;
  bindings: Pick<BindingTable, 'list'>;
  dialogs?: Pick<DialogTracker, 'callsOf'>;
  doNotDisturb?: Pick<DoNotDisturbTable, 'isOn'>;
}

/** The state of a company SIP number now, from memory only. */
export function colleagueStateNow(
  sources: PresenceSources,
  sipNumber: string,
  now: number,
): ColleaguePresence {
  const number = sources.directory.sipNumbers.get(sipNumber);
  return colleagueState({
    sipNumber,
    calls: sources.dialogs?.callsOf(sipNumber) ?? [],
    absence: number ? sources.directory.absences.current(number.employeeId, now) : undefined,
    registered: sources.bindings.list(sipNumber, now).length > 0,
    dnd: sources.doNotDisturb?.isOn(sipNumber) ?? false,
  });
}
