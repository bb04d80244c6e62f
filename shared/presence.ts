/**
 * A colleague's presence as the softphone shows it (issue 23 item 3). Today the API knows only
 * whether a device is registered (`signed-in` / `signed-out`); the PBX's presence events will
 * feed the rest (free, ringing, on a call, do not disturb, absent until …) through the same type.
 */
export type Presence =
  | { state: 'free' }
  /** A device is registered; nothing more is known. */
  | { state: 'signed-in' }
  | { state: 'ringing' }
  | { state: 'on-call' }
  | { state: 'dnd' }
  /** An absence period; `until` is its end (ISO 8601) when known. */
  | { state: 'absent'; until?: string }
  | { state: 'signed-out' };

export type PresenceState = Presence['state'];

/** Every state, in the order a list sorts them: who can take a call first. */
export const PRESENCE_STATES = [
  'free',
  'signed-in',
  'ringing',
  'on-call',
  'dnd',
  'absent',
  'signed-out',
] as const satisfies readonly PresenceState[];

/** Today's data: at least one device registered or none. */
export function presenceFromRegistration(registered: boolean): Presence {
  return registered ? { state: 'signed-in' } : { state: 'signed-out' };
}

/** Whether a call to them would ring somewhere now. */
export function canRing(presence: Presence): boolean {
  return (
    presence.state === 'free' || presence.state === 'signed-in' || presence.state === 'on-call'
  );
}
