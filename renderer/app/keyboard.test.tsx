import { screen, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { call, renderApp } from './test-utils';

/** Presses Tab until `target` has the focus (fails if it never comes). */
async function tabTo(user: UserEvent, target: HTMLElement) {
  for (let i = 0; i < 60 && document.activeElement !== target; i++) await user.tab();
  expect(target).toHaveFocus();
}

/** Every button and field shown has a name a screen reader can say. */
function expectAllNamed() {
  for (const role of ['button', 'textbox', 'combobox', 'checkbox'] as const) {
    for (const element of screen.queryAllByRole(role)) expect(element).toHaveAccessibleName();
  }
}

describe('keyboard and screen readers', () => {
  it('the dialer: named controls, digits typed or pressed, Enter dials', async () => {
    const { user, adapter } = renderApp();
    expectAllNamed();
    const input = screen.getByRole('textbox', { name: 'Number to call' });
    await tabTo(user, input);
    await user.keyboard('046262');
    const keypad = screen.getByRole('group', { name: 'Keypad' });
    await tabTo(user, within(keypad).getByRole('button', { name: '6' }));
    await user.keyboard('{Enter}');
    await tabTo(user, within(keypad).getByRole('button', { name: '#' }));
    await user.keyboard(' ');
    expect(input).toHaveValue('0462626#');
    await tabTo(user, screen.getByRole('button', { name: 'Delete last digit' }));
    await user.keyboard(' ');
    expect(input).toHaveValue('0462626');
    await tabTo(user, screen.getByRole('button', { name: 'Call' }));
    await user.keyboard('{Enter}');
    expect(adapter.call).toHaveBeenCalledWith('0462626');
  });

  it('a call ringing here: Answer and Decline by keyboard', async () => {
    const { user, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ direction: 'incoming', state: 'ringing' })));
    expectAllNamed();
    expect(screen.getByRole('region', { name: 'Line 1' })).toBeInTheDocument();
    await tabTo(user, screen.getByRole('button', { name: 'Decline' }));
    await tabTo(user, screen.getByRole('button', { name: 'Answer' }));
    await user.keyboard('{Enter}');
    expect(adapter.answer).toHaveBeenCalledWith('c1');
  });

  it('in a call: mute, hold, tones, transfer, hang up, all reachable and named', async () => {
    const { user, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    expectAllNamed();
    const mute = screen.getByRole('button', { name: 'Mute' });
    await tabTo(user, mute);
    await user.keyboard(' ');
    expect(adapter.setMuted).toHaveBeenCalledWith('c1', true);
    await tabTo(user, screen.getByRole('button', { name: 'Hold' }));
    await tabTo(user, screen.getByRole('button', { name: 'Transfer' }));
    await tabTo(user, screen.getByRole('button', { name: 'Keypad' }));
    await user.keyboard('{Enter}');
    const tones = screen.getByRole('group', { name: 'Tones keypad' });
    await tabTo(user, within(tones).getByRole('button', { name: '5' }));
    await user.keyboard('{Enter}');
    expect(adapter.sendDtmf).toHaveBeenCalledWith('c1', '5', 'rfc4733');
    await tabTo(user, screen.getByRole('button', { name: 'Hang up' }));
    await user.keyboard('{Enter}');
    expect(adapter.hangup).toHaveBeenCalledWith('c1');
  });

  it('settings: every field named and reachable', async () => {
    const { user } = renderApp();
    await tabTo(user, screen.getByRole('button', { name: 'Settings' }));
    await user.keyboard('{Enter}');
    expectAllNamed();
    await tabTo(user, screen.getByRole('checkbox', { name: 'Do not disturb on this device' }));
    await user.keyboard(' ');
    expect(screen.getByRole('checkbox', { name: 'Do not disturb on this device' })).toBeChecked();
  });
});
