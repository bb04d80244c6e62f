import type { CallInfo } from '../sip/types';
import type { DialRules } from '../features/dialer/dial-target';
import type { AppState } from './store';

/** The call the screen shows, if any. */
export const selectSelectedCall = (s: AppState): CallInfo | undefined =>
  s.lines.selectedId ? s.lines.calls[s.lines.selectedId] : undefined;

/** Calls in line order. */
export const selectCalls = (s: AppState): CallInfo[] =>
  s.lines.order.map((id) => s.lines.calls[id]).filter((c): c is CallInfo => c !== undefined);

/** The number to redial: the latest call's other party. */
export const selectLastNumber = (s: AppState): string | undefined => s.history[0]?.remoteNumber;

/** The number's channels as the employee API last said; undefined while it is not known. */
export const selectChannels = (s: AppState): number | undefined => s.myNumber.number?.channels;

/** The dial rules: this PBX's numbering unless the server turned out to be another one. */
export const selectDialRules = (s: AppState): DialRules =>
  s.registration.server === 'other' ? 'any-sip' : 'pbx';
