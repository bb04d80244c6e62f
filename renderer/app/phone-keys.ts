/**
 * The phone's keyboard (issue 23 item 4), decided by pure functions: which key does what, given
 * the call shown and where the focus is. The hooks that listen live beside the screens.
 */
import type { CallInfo } from '../sip/types';

/** What a key press is about: the key, its modifiers, and the element that has the focus. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** Another handler (a dialog's Escape) already took it. */
  defaultPrevented: boolean;
  target: EventTarget | null;
}

/** The keys of the keypad; `+` too in the number field. */
export const DIAL_KEY = /^[0-9*#+]$/;
export const TONE_KEY = /^[0-9*#]$/;

/** Whether the focus is where typing means text: a text field, a list box, editable content. */
export function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(
    target.type,
  );
}

/** Whether Enter on the target already does something of its own (presses a button, a link). */
function enterActsOn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.closest('button, a[href], [role="button"], [role="tab"], summary') !== null ||
      typingInField(target))
  );
}

/** Questions and dialogs, which keep their own keys. */
const DIALOGS = '[role="dialog"], [role="alertdialog"]';

const plain = (press: KeyPress) => !press.ctrlKey && !press.altKey && !press.metaKey;

export type CallKeyAction =
  | { kind: 'answer'; id: string }
  | { kind: 'decline'; id: string }
  | { kind: 'hangup'; id: string }
  | { kind: 'tone'; id: string; digit: string };

/**
 * During calls: Enter answers the call ringing here, Escape declines it or hangs up (cancels)
 * the call, digits are sent as tones on a connected call. The call is the one whose screen
 * holds the focus (a waiting call's notice), else the one shown. Nothing while typing in a
 * field or inside a dialog, which have their own Enter and Escape.
 */
export function callKeyAction(
  press: KeyPress,
  shown: CallInfo | undefined,
  calls: Readonly<Record<string, CallInfo>>,
): CallKeyAction | undefined {
  if (!plain(press) || press.defaultPrevented || typingInField(press.target)) return undefined;
  const element = press.target instanceof HTMLElement ? press.target : undefined;
  if (element?.closest(DIALOGS)) return undefined;
  const focusedId = element?.closest<HTMLElement>('[data-call-id]')?.dataset.callId;
  const call = (focusedId && calls[focusedId]) || shown;
  if (!call || call.state === 'ended') return undefined;
  const ringing = call.direction === 'incoming' && call.state === 'ringing';
  if (press.key === 'Enter' && ringing && !enterActsOn(press.target)) {
    return { kind: 'answer', id: call.id };
  }
  if (press.key === 'Escape') return { kind: ringing ? 'decline' : 'hangup', id: call.id };
  if (TONE_KEY.test(press.key) && call.state === 'connected' && !call.held) {
    return { kind: 'tone', id: call.id, digit: press.key };
  }
  return undefined;
}

export type DialKeyAction = { kind: 'type'; digit: string } | { kind: 'erase' } | { kind: 'dial' };

/**
 * At the dialer, with the focus elsewhere than a field: digits go into the number, Backspace
 * takes the last one off, Enter calls (unless it presses the focused button).
 */
export function dialKeyAction(press: KeyPress): DialKeyAction | undefined {
  if (!plain(press) || press.defaultPrevented || typingInField(press.target)) return undefined;
  if (press.target instanceof HTMLElement && press.target.closest(DIALOGS)) {
    return undefined;
  }
  if (DIAL_KEY.test(press.key)) return { kind: 'type', digit: press.key };
  if (press.key === 'Backspace') return { kind: 'erase' };
  if (press.key === 'Enter' && !enterActsOn(press.target)) return { kind: 'dial' };
  return undefined;
}
