import { isEmergencyNumber } from '../../../shared/phone-numbers';
import type { Services } from '../../app/services';
import type { RegistrationData } from '../../store/registration-slice';
import { selectCalls, selectChannels } from '../../store';
import { linesFull } from '../lines/line-slots';

/** Puts every connected call but `id` on hold, so only one line is heard at a time. */
function holdOthers({ adapter, store }: Services, id: string): void {
  for (const other of selectCalls(store.getState())) {
    if (other.id !== id && other.state === 'connected' && !other.held) {
      adapter.setHeld(other.id, true);
    }
  }
}

/** Answers a call; a call in progress on another line is put on hold first. */
export function answerCall(services: Services, id: string): void {
  holdOthers(services, id);
  services.adapter.answer(id);
  services.store.getState().selectLine(id);
}

/**
 * Shows another line. A connected call there is taken off hold and the others put on hold;
 * a ringing or ended one is only shown (answering is a choice of its own).
 */
export function switchLine(services: Services, id: string): void {
  const call = services.store.getState().lines.calls[id];
  if (!call) return;
  services.store.getState().selectLine(id);
  if (call.state === 'connected') resumeCall(services, id);
}

/** Takes a call off hold, holding whatever else is connected. */
export function resumeCall(services: Services, id: string): void {
  holdOthers(services, id);
  const call = services.store.getState().lines.calls[id];
  if (call?.held) services.adapter.setHeld(id, false);
}

/**
 * Dials out unless every line of the number is taken here (the PBX would refuse it anyway);
 * a connected call is put on hold first. Returns the new call's id, undefined when refused.
 */
export function placeCall(services: Services, target: string): string | undefined {
  const state = services.store.getState();
  // Not registered (the PBX unreachable, the number disabled): the call could not go out.
  if (!mayCallOut(state.registration, target)) return undefined;
  // Emergency numbers always go out (SPEC §3): the PBX gives them a line beyond the limit.
  if (linesFull(selectCalls(state), selectChannels(state)) && !isEmergencyNumber(target)) {
    return undefined;
  }
  holdOthers(services, '');
  return services.adapter.call(target);
}

/** Sends tones the way the settings say now, and shows them on the call. */
export function sendDigits({ adapter, store }: Services, id: string, digits: string): void {
  adapter.sendDtmf(id, digits, store.getState().settings.dtmfMethod);
  store.getState().appendDigits(id, digits);
}

/**
 * Whether the phone can place a call to `target` now: registered, or an emergency number while
 * the admin has disabled the number (SPEC §3: the PBX lets 112 and 101–104 through by digest).
 */
export function mayCallOut(registration: RegistrationData, target: string): boolean {
  if (registration.status === 'registered') return true;
  return registration.problem === 'number-disabled' && isEmergencyNumber(target);
}
