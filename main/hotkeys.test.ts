import { describe, expect, it, vi } from 'vitest';
import { createHotkeys, type ShortcutRegistry } from './hotkeys';

/** A stand-in for `globalShortcut`: remembers what is registered; `held` belongs to others. */
function fakeShortcuts(held: string[] = []) {
  const active = new Map<string, () => void>();
  const registry: ShortcutRegistry = {
    register: vi.fn((accelerator: string, callback: () => void) => {
      if (held.includes(accelerator) || active.has(accelerator)) return false;
      active.set(accelerator, callback);
      return true;
    }),
    unregister: vi.fn((accelerator: string) => void active.delete(accelerator)),
  };
  const press = (accelerator: string) => active.get(accelerator)?.();
  return { registry, active, press };
}

describe('hotkeys', () => {
  it('registers answer and hang-up, normalised, and reports the press', () => {
    const { registry, active, press } = fakeShortcuts();
    const pressed = vi.fn();
    const results = createHotkeys(registry, pressed).apply({
      answer: 'ctrl+alt+a',
      hangUp: ' CmdOrCtrl+Shift+F5 ',
    });
    expect(results).toEqual({
      answer: { status: 'registered', accelerator: 'Control+Alt+A' },
      hangUp: { status: 'registered', accelerator: 'CommandOrControl+Shift+F5' },
    });
    expect([...active.keys()]).toEqual(['Control+Alt+A', 'CommandOrControl+Shift+F5']);
    press('Control+Alt+A');
    press('CommandOrControl+Shift+F5');
    expect(pressed.mock.calls).toEqual([['answer'], ['hang-up']]);
  });

  it('leaves a shortcut off when it is empty or absent', () => {
    const { registry, active } = fakeShortcuts();
    expect(createHotkeys(registry, vi.fn()).apply({ answer: '  ' })).toEqual({
      answer: { status: 'off' },
      hangUp: { status: 'off' },
    });
    expect(active.size).toBe(0);
  });

  it.each([
    ['Ctrl+Alt+Foo', 'unknown-part', '"Foo" is not a key or a modifier.'],
    ['Ctrl++', 'unknown-part', 'Write the + key as "Plus", e.g. Ctrl+Plus.'],
    ['Ctrl+Alt', 'no-key', 'Add a key to the modifiers, e.g. Ctrl+Alt+A.'],
    ['Ctrl+A+B', 'two-keys', 'A shortcut has one key besides the modifiers.'],
    ['Ctrl+Control+A', 'repeated-modifier', '"Control" appears twice.'],
    ['A', 'needs-modifier', 'A needs Ctrl, Alt, Cmd or Super: it is used for typing.'],
    ['Shift+1', 'needs-modifier', '1 needs Ctrl, Alt, Cmd or Super: it is used for typing.'],
    ['Ctrl+<script>', 'unknown-part', '"<script>" is not a key or a modifier.'],
    [`Ctrl+${'x'.repeat(100)}`, 'too-long', 'The shortcut is too long.'],
  ])('refuses %s with a clear error and registers nothing for it', (text, problem, message) => {
    const { registry } = fakeShortcuts();
    const results = createHotkeys(registry, vi.fn()).apply({ answer: text, hangUp: 'F9' });
    expect(results.answer).toEqual({ status: 'refused', problem, message });
    expect(results.hangUp).toEqual({ status: 'registered', accelerator: 'F9' });
    expect(registry.register).toHaveBeenCalledOnce();
  });

  it('allows function and media keys alone', () => {
    const { registry } = fakeShortcuts();
    const results = createHotkeys(registry, vi.fn()).apply({
      answer: 'MediaPlayPause',
      hangUp: 'shift+f12',
    });
    expect(results.answer).toMatchObject({ status: 'registered', accelerator: 'MediaPlayPause' });
    expect(results.hangUp).toMatchObject({ status: 'registered', accelerator: 'Shift+F12' });
  });

  it('refuses a shortcut another application holds, or both actions on one key', () => {
    const { registry } = fakeShortcuts(['Control+Alt+A']);
    const hotkeys = createHotkeys(registry, vi.fn());
    expect(hotkeys.apply({ answer: 'Ctrl+Alt+A' }).answer).toEqual({
      status: 'refused',
      problem: 'in-use',
      message: 'Control+Alt+A is already used by another application.',
    });
    expect(hotkeys.apply({ answer: 'F8', hangUp: 'f8' }).hangUp).toEqual({
      status: 'refused',
      problem: 'duplicate',
      message: 'F8 is already the other shortcut.',
    });
  });

  it('refuses an accelerator Electron itself rejects', () => {
    const { registry } = fakeShortcuts();
    const check = vi.spyOn(registry, 'register').mockImplementation(() => {
      throw new TypeError('conversion failure');
    });
    expect(createHotkeys(registry, vi.fn()).apply({ answer: 'Ctrl+A' }).answer).toMatchObject({
      status: 'refused',
      problem: 'unknown-part',
    });
    check.mockRestore();
  });

  it('replaces the old shortcuts on every change and unregisters them all on clear', () => {
    const { registry, active } = fakeShortcuts();
    const hotkeys = createHotkeys(registry, vi.fn());
    hotkeys.apply({ answer: 'Ctrl+Alt+A', hangUp: 'Ctrl+Alt+H' });
    hotkeys.apply({ answer: 'Ctrl+Alt+Q' });
    expect([...active.keys()]).toEqual(['Control+Alt+Q']);
    hotkeys.clear();
    expect(active.size).toBe(0);
    expect(registry.unregister).toHaveBeenCalledWith('Control+Alt+Q');
  });
});
