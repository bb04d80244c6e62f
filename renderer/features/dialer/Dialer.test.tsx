import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { myNumber } from '../../app/test-data';
import { call, renderApp, type RenderOptions } from '../../app/test-utils';

const talking = (patch = {}) =>
  call({ id: 'a', state: 'connected', connectedAt: Date.now(), ...patch });

/** In a call on line 1, with the employee API saying the number has `channels`. */
function inCallWith(channels: number, options: RenderOptions = {}) {
  const app = renderApp(options);
  act(() =>
    app.store.getState().myNumberChanged({ status: 'ready', number: myNumber({ channels }) }),
  );
  app.emit((sink) => sink.callAdded(talking()));
  return app;
}

describe('dialer', () => {
  it('refuses what is not a number with a sentence, and does not dial', async () => {
    const { user, adapter } = renderApp();
    await user.type(screen.getByRole('textbox', { name: 'Number to call' }), 'abc');
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect(screen.getByRole('alert')).toHaveTextContent('“abc” is not a number.');
    expect(adapter.call).not.toHaveBeenCalled();
  });

  it('asks for a number when empty', async () => {
    const { user, adapter } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a number to call.');
    expect(adapter.call).not.toHaveBeenCalled();
  });

  it('dials a SIP number typed on the keypad', async () => {
    const { user, adapter } = renderApp();
    for (const key of '0462627') await user.click(screen.getByRole('button', { name: key }));
    await user.click(screen.getByRole('button', { name: 'Delete last digit' }));
    await user.click(screen.getByRole('button', { name: '8' }));
    expect(screen.getByRole('textbox', { name: 'Number to call' })).toHaveValue('0462628');
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect(adapter.call).toHaveBeenCalledWith('0462628');
    await user.clear(screen.getByRole('textbox', { name: 'Number to call' }));
    await user.type(screen.getByRole('textbox', { name: 'Number to call' }), '0462626{Enter}');
    expect(adapter.call).toHaveBeenLastCalledWith('0462626');
  });

  it('dials a phone number as E.164', async () => {
    const { user, adapter } = renderApp();
    await user.type(screen.getByRole('textbox', { name: 'Number to call' }), '8 (812) 123-45-67');
    await user.click(screen.getByRole('button', { name: 'Call' }));
    expect(adapter.call).toHaveBeenCalledWith('+78121234567');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('redials the last number', async () => {
    const { user, adapter, emit, store } = renderApp();
    expect(screen.queryByRole('button', { name: /Redial/ })).not.toBeInTheDocument();
    emit((sink) => {
      sink.callAdded(call({ id: 'old', remoteNumber: '0777777' }));
      sink.callChanged('old', { state: 'ended', endReason: 'hangup-local' });
      store.getState().dismissCall('old');
    });
    await user.click(screen.getByRole('button', { name: 'Redial 0777777' }));
    expect(adapter.call).toHaveBeenCalledWith('0777777');
  });

  it('in a call with a free line: a new call holds line 1 and dials on line 2', async () => {
    const { user, adapter } = inCallWith(2);
    await user.click(screen.getByRole('button', { name: 'New call' }));
    const call = screen.getByRole('button', { name: 'Call' });
    expect(call).toBeEnabled();
    await user.type(screen.getByRole('textbox', { name: 'Number to call' }), '0777777');
    await user.click(call);
    expect(adapter.setHeld).toHaveBeenCalledWith('a', true);
    expect(adapter.call).toHaveBeenCalledWith('0777777');
    expect(screen.queryByRole('textbox', { name: 'Number to call' })).not.toBeInTheDocument();
  });

  it('every line taken: Call is disabled, says why, and nothing is dialled', async () => {
    const { user, adapter, emit } = inCallWith(2);
    emit((sink) =>
      sink.callAdded(call({ id: 'b', line: 2, direction: 'incoming', state: 'ringing' })),
    );
    await user.click(screen.getByRole('button', { name: 'New call' }));
    const button = screen.getByRole('button', { name: 'Call' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'All 2 lines are busy: end or transfer a call first.',
    );
    await user.type(screen.getByRole('textbox', { name: 'Number to call' }), '0777777{Enter}');
    expect(adapter.call).not.toHaveBeenCalled();
    expect(adapter.setHeld).not.toHaveBeenCalled();

    // The waiting call goes away: a line is free again.
    emit((sink) => sink.callChanged('b', { state: 'ended', endReason: 'cancelled' }));
    expect(screen.getByRole('button', { name: 'Call' })).toBeEnabled();
  });

  it('every line taken: an emergency number still goes out, and a sentence says why Call is enabled', async () => {
    const { user, adapter } = inCallWith(1);
    await user.click(screen.getByRole('button', { name: 'New call' }));
    const field = screen.getByRole('textbox', { name: 'Number to call' });
    await user.type(field, '0777777');
    expect(screen.getByRole('button', { name: 'Call' })).toBeDisabled();
    await user.clear(field);
    await user.type(field, '112');
    const button = screen.getByRole('button', { name: 'Call' });
    expect(button).toBeEnabled();
    expect(button).toHaveAccessibleDescription(
      'Every line is busy, but emergency numbers always go out: the other calls are put on hold.',
    );
    await user.click(button);
    expect(adapter.setHeld).toHaveBeenCalledWith('a', true);
    expect(adapter.call).toHaveBeenCalledWith('112');
  });

  it('the number disabled by the admin: only an emergency number can be called, with the sentence why', async () => {
    const { user, adapter, emit } = renderApp();
    emit((sink) => sink.registrationChanged('failed', 'number-disabled'));
    const field = screen.getByRole('textbox', { name: 'Number to call' });
    await user.type(field, '0777777');
    expect(screen.getByRole('button', { name: 'Call' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Call' })).toHaveAccessibleDescription(
      'No calls right now. Your admin disabled this number. Calls are not possible until it is enabled again.',
    );
    await user.clear(field);
    await user.type(field, '112');
    const button = screen.getByRole('button', { name: 'Call' });
    expect(button).toHaveAccessibleDescription(
      'Your number is disabled, but emergency numbers always go out.',
    );
    await user.click(button);
    expect(adapter.call).toHaveBeenCalledWith('112');
    expect(adapter.call).toHaveBeenCalledTimes(1);
  });

  it('every line taken, in Russian: 103 is let through with the sentence why', async () => {
    const { user, adapter } = inCallWith(1, { language: 'ru' });
    await user.click(screen.getByRole('button', { name: 'Новый звонок' }));
    await user.type(screen.getByRole('textbox', { name: 'Номер для звонка' }), '103');
    const button = screen.getByRole('button', { name: 'Позвонить' });
    expect(button).toHaveAccessibleDescription(
      'Все линии заняты, но экстренные номера доступны всегда: остальные звонки будут поставлены на удержание.',
    );
    await user.click(button);
    expect(adapter.call).toHaveBeenCalledWith('103');
  });

  it('one channel, one call: the only line is busy (in Russian too)', async () => {
    const { user } = inCallWith(1, { language: 'ru' });
    await user.click(screen.getByRole('button', { name: 'Новый звонок' }));
    const button = screen.getByRole('button', { name: 'Позвонить' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'Ваша линия занята: завершите или переведите звонок.',
    );
  });
});
