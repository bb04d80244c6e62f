/**
 * A colleague's presence as the softphone shows it (issue 23 item 3): the PBX's own view of
 * their calls, absence and devices (`GET /me/colleagues`, kept live by `presence-changed`).
 */
import { colleagueStateSchema, type ColleaguePresence, type ColleagueState } from './api/me';

export type Presence = ColleaguePresence;
export type PresenceState = ColleagueState;

/** Every state, in the order a list sorts them (the API's order): who can take a call first. */
export const PRESENCE_STATES: readonly PresenceState[] = colleagueStateSchema.options;

/** The presence part of a colleague as the API lists them. */
export function presenceOf(colleague: ColleaguePresence): Presence {
  return colleague.until === undefined
    ? { state: colleague.state }
    : { state: colleague.state, until: colleague.until };
}
