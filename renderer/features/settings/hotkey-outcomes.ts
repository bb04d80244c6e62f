import {
  checkAccelerator,
  type HotkeyOutcome,
  type HotkeyResults,
  type HotkeySettings,
} from '../../../shared/desktop/accelerator';

export type HotkeyField = keyof HotkeyResults;
export const HOTKEY_FIELDS: readonly HotkeyField[] = ['answer', 'hangUp'];

/** The shortcuts as typed, checked here first: to send to main, or refused with a reason. */
export function checkHotkeys(
  typed: Record<HotkeyField, string>,
): { ok: true; settings: HotkeySettings } | { ok: false; results: HotkeyResults } {
  const settings: HotkeySettings = {};
  const results: HotkeyResults = { answer: { status: 'off' }, hangUp: { status: 'off' } };
  let ok = true;
  for (const field of HOTKEY_FIELDS) {
    const text = typed[field].trim();
    if (!text) continue;
    const check = checkAccelerator(text);
    if (check.ok) {
      settings[field] = check.accelerator;
      results[field] = { status: 'registered', accelerator: check.accelerator };
    } else {
      ok = false;
      results[field] = { status: 'refused', problem: check.problem, message: check.message };
    }
  }
  return ok ? { ok, settings } : { ok, results };
}

/** The i18n key and values of the sentence under a shortcut's field, if any. */
export function outcomeWords(outcome: HotkeyOutcome | undefined) {
  if (outcome?.status === 'refused') return { key: `desktop.app.problem.${outcome.problem}` };
  if (outcome?.status === 'registered') {
    return { key: 'desktop.app.registered', values: { accelerator: outcome.accelerator } };
  }
  return undefined;
}
