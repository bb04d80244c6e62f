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

describe('the keyboard dials, answers, sends tones and hangs up', () => {
  it('the number field has the focus; digits typed anywhere go into it, Enter calls', async () => {
    const { user, adapter } = renderApp();
    const input = screen.getByRole('textbox', { name: 'Number to call' });
    expect(input).toHaveFocus();
    await user.click(document.body);
    expect(document.body).toHaveFocus();
    await user.keyboard('046262');
    expect(input).toHaveValue('046262');
    expect(input).toHaveFocus();
    await user.click(document.body);
    await user.keyboard('7{Backspace}6{Enter}');
    expect(adapter.call).toHaveBeenCalledWith('0462626');
  });

  it('digits do not go into the dialer while another field is typed in', async () => {
    const { user } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.type(screen.getByRole('textbox', { name: 'STUN/TURN servers' }), '12');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('textbox', { name: 'Number to call' })).toHaveValue('');
  });

  it('a call ringing here: announced, Answer has the focus, Enter answers', async () => {
    const { user, emit, adapter, container } = renderApp();
    const live = container.querySelector('[aria-live="assertive"]');
    expect(live).toHaveTextContent('');
    emit((sink) =>
      sink.callAdded(call({ direction: 'incoming', state: 'ringing', remoteName: 'Anna Ivanova' })),
    );
    expect(live).toHaveTextContent(
      'Incoming call from Anna Ivanova 0555555. Enter answers, Escape declines.',
    );
    expect(screen.getByRole('button', { name: 'Answer' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(adapter.answer).toHaveBeenCalledWith('c1');
    expect(adapter.decline).not.toHaveBeenCalled();
  });

  it('Escape declines a call ringing here, wherever the focus is', async () => {
    const { user, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ direction: 'incoming', state: 'ringing' })));
    await user.click(document.body);
    await user.keyboard('{Escape}');
    expect(adapter.decline).toHaveBeenCalledWith('c1');
    expect(adapter.answer).not.toHaveBeenCalled();
  });

  it('in a call: digits are sent as tones, Escape hangs up', async () => {
    const { user, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    await user.keyboard('1#');
    expect(adapter.sendDtmf.mock.calls).toEqual([
      ['c1', '1', 'rfc4733'],
      ['c1', '#', 'rfc4733'],
    ]);
    expect(screen.getByLabelText('Tones')).toHaveTextContent('1#');
    await user.keyboard('{Escape}');
    expect(adapter.hangup).toHaveBeenCalledWith('c1');
  });

  it('Escape cancels a call still ringing at the other end', async () => {
    const { user, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'ringback' })));
    await user.keyboard('{Escape}');
    expect(adapter.hangup).toHaveBeenCalledWith('c1');
  });

  it('in the transfer dialog, Escape closes the dialog and the call goes on', async () => {
    const { user, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    await user.click(screen.getByRole('button', { name: 'Transfer' }));
    await user.keyboard('12{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(adapter.hangup).not.toHaveBeenCalled();
    expect(adapter.sendDtmf).not.toHaveBeenCalled();
  });

  it('a second call while talking: announced with its line, its Escape declines only it', async () => {
    const { user, emit, adapter, container } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    emit((sink) =>
      sink.callAdded(
        call({
          id: 'c2',
          direction: 'incoming',
          state: 'ringing',
          line: 2,
          remoteNumber: '0777777',
        }),
      ),
    );
    expect(container.querySelector('[aria-live="assertive"]')).toHaveTextContent(
      'Incoming call on line 2 from 0777777.',
    );
    const notice = screen.getByRole('alert', { name: 'Line 2' });
    expect(within(notice).getByRole('button', { name: 'Answer' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(adapter.decline).toHaveBeenCalledWith('c2');
    expect(adapter.hangup).not.toHaveBeenCalled();
  });

  it('the header’s icon buttons are named, in Russian too', () => {
    renderApp({ language: 'ru' });
    for (const name of ['Мой номер', 'Настройки', 'Выйти']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expectAllNamed();
  });
});
