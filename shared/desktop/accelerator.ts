import { z } from 'zod';

/** Electron's modifier names, each spelling mapped to the one we store. */
const MODIFIERS: ReadonlyMap<string, string> = new Map([
  ['command', 'Command'],
  ['cmd', 'Command'],
  ['control', 'Control'],
  ['ctrl', 'Control'],
  ['commandorcontrol', 'CommandOrControl'],
  ['cmdorctrl', 'CommandOrControl'],
  ['alt', 'Alt'],
  ['option', 'Alt'],
  ['altgr', 'AltGr'],
  ['shift', 'Shift'],
  ['super', 'Super'],
  ['meta', 'Super'],
]);

const NAMED_KEYS = [
  ...'Plus Space Tab Capslock Numlock Scrolllock Backspace Delete Insert Return Enter'.split(' '),
  ...'Up Down Left Right Home End PageUp PageDown Escape Esc PrintScreen'.split(' '),
  ...'numdec numadd numsub nummult numdiv'.split(' '),
  ...Array.from({ length: 10 }, (_, n) => `num${n}`),
];
/** Keys a global shortcut may use alone: nobody types them into a document. */
const SOLO_KEYS = [
  ...Array.from({ length: 24 }, (_, n) => `F${n + 1}`),
  ...'VolumeUp VolumeDown VolumeMute MediaNextTrack MediaPreviousTrack MediaStop'.split(' '),
  'MediaPlayPause',
];
const KEYS: ReadonlyMap<string, string> = new Map(
  [...NAMED_KEYS, ...SOLO_KEYS].map((key) => [key.toLowerCase(), key]),
);
const PUNCTUATION = new Set(')!@#$%^&*(:;+=<,_->.?/~`{][|\\}"\''.split(''));

/** Why an accelerator was refused; the settings screen words each one in the UI language. */
export type AcceleratorProblem =
  'too-long' | 'unknown-part' | 'no-key' | 'two-keys' | 'repeated-modifier' | 'needs-modifier';

/** An accelerator checked: normalised as Electron spells it, or refused with a reason. */
export type AcceleratorCheck =
  { ok: true; accelerator: string } | { ok: false; problem: AcceleratorProblem; message: string };

/**
 * Checks a global-shortcut accelerator (`Ctrl+Alt+A`, `CommandOrControl+Shift+F5`, `F9`) the
 * way Electron reads it, and refuses one that would steal typing: a letter or digit needs a
 * modifier other than Shift; function and media keys may stand alone.
 */
export function checkAccelerator(text: string): AcceleratorCheck {
  if (text.length > 100) return refuse('too-long', 'The shortcut is too long.');
  const parts = text.split('+').map((part) => part.trim());
  const modifiers: string[] = [];
  const keys: string[] = [];
  for (const part of parts) {
    const modifier = MODIFIERS.get(part.toLowerCase());
    const key = keyName(part);
    if (modifier) {
      if (modifiers.includes(modifier)) {
        return refuse('repeated-modifier', `"${modifier}" appears twice.`);
      }
      modifiers.push(modifier);
    } else if (key) keys.push(key);
    else return refuse('unknown-part', unknownPartMessage(part));
  }
  if (keys.length === 0) return refuse('no-key', 'Add a key to the modifiers, e.g. Ctrl+Alt+A.');
  if (keys.length > 1) return refuse('two-keys', 'A shortcut has one key besides the modifiers.');
  const [key] = keys as [string];
  const typing = modifiers.every((modifier) => modifier === 'Shift');
  if (typing && !SOLO_KEYS.includes(key)) {
    return refuse('needs-modifier', `${key} needs Ctrl, Alt, Cmd or Super: it is used for typing.`);
  }
  return { ok: true, accelerator: [...modifiers, key].join('+') };
}

/** The key as Electron spells it, or undefined for something that is not a key. */
function keyName(part: string): string | undefined {
  if (/^[a-z0-9]$/i.test(part)) return part.toUpperCase();
  if (PUNCTUATION.has(part)) return part;
  return KEYS.get(part.toLowerCase());
}

function unknownPartMessage(part: string): string {
  if (part === '') return 'Write the + key as "Plus", e.g. Ctrl+Plus.';
  const shown = part.length > 20 ? `${part.slice(0, 20)}…` : part;
  return `"${shown}" is not a key or a modifier.`;
}

function refuse(problem: AcceleratorProblem, message: string): AcceleratorCheck {
  return { ok: false, problem, message };
}

/** The two global shortcuts; an absent or empty one is off. */
export const hotkeySettingsSchema = z.strictObject({
  answer: z.string().max(100).optional(),
  hangUp: z.string().max(100).optional(),
});
export type HotkeySettings = z.infer<typeof hotkeySettingsSchema>;

/** What a global shortcut does when pressed anywhere on the desktop. */
export type HotkeyAction = 'answer' | 'hang-up';

/** How one shortcut fared: off, registered, or refused with a sentence saying why. */
export type HotkeyOutcome =
  | { status: 'off' }
  | { status: 'registered'; accelerator: string }
  | { status: 'refused'; problem: AcceleratorProblem | 'in-use' | 'duplicate'; message: string };

/** The outcome of each shortcut after main applied the settings. */
export interface HotkeyResults {
  answer: HotkeyOutcome;
  hangUp: HotkeyOutcome;
}
