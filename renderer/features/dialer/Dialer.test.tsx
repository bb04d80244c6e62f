import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { call, renderApp } from '../../app/test-utils';

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
});
