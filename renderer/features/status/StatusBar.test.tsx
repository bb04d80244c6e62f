import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeHost, renderApp } from '../../app/test-utils';
import type { RegistrationProblem } from '../../sip/types';

describe('registration status', () => {
  it('says registered with the number', () => {
    renderApp();
    expect(screen.getByRole('status')).toHaveTextContent('Registered as 0462626');
  });

  it.each<[RegistrationProblem, string]>([
    ['wrong-password', 'Wrong SIP number or password.'],
    ['password-changed', 'Your password was changed: sign in again.'],
    ['number-removed', 'This number no longer exists: your admin removed it.'],
    ['auth-throttled', 'Too many failed attempts. Wait a few minutes and try again.'],
    ['server-not-found', 'No phone system answers at this address. Check the server address.'],
  ])('%s: back to sign-in, saying so', (problem, sentence) => {
    const { emit } = renderApp();
    emit((sink) => sink.registrationChanged('failed', problem));
    expect(screen.getByRole('alert')).toHaveTextContent(sentence);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it.each<[RegistrationProblem, string, string]>([
    ['number-disabled', 'Your admin disabled this number.', 'Администратор отключил этот номер.'],
    [
      'company-suspended',
      'Your company’s phone service is suspended.',
      'Телефония вашей компании приостановлена.',
    ],
  ])(
    '%s after registering: stays on the phone, says why, no calls until registered again',
    async (problem, en, ru) => {
      const { emit, store } = renderApp();
      emit((sink) => sink.registrationChanged('failed', problem));
      expect(screen.getByRole('status')).toHaveTextContent(en);
      expect(screen.getByRole('button', { name: 'Call' })).toBeDisabled();
      expect(screen.getByText(`No calls right now. ${en}`, { exact: false })).toBeInTheDocument();
      emit(() => store.getState().updateSettings({ language: 'ru' }));
      expect(await screen.findByRole('status')).toHaveTextContent(ru);
      emit(() => store.getState().updateSettings({ language: 'en' }));
      emit((sink) => sink.registrationChanged('registered'));
      expect(await screen.findByRole('status')).toHaveTextContent('Registered as 0462626');
      expect(screen.getByRole('button', { name: 'Call' })).toBeEnabled();
    },
  );

  it('number-disabled on a first sign-in: back to sign-in', () => {
    const { emit, store } = renderApp();
    emit(() => store.getState().signedIn({ server: 'wss://pbx.test', sipNumber: '0462626' }));
    emit((sink) => sink.registrationChanged('failed', 'number-disabled'));
    expect(screen.getByRole('alert')).toHaveTextContent('Your admin disabled this number.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it.each<[RegistrationProblem, string]>([
    ['server-unreachable', 'The phone system cannot be reached: no calls until it is back.'],
    ['unknown', 'Could not sign in. Reconnecting…'],
  ])('%s: stays on the phone, says so, Call disabled with the reason', (problem, sentence) => {
    const { emit } = renderApp();
    emit((sink) => sink.registrationChanged('connecting', problem));
    expect(screen.getByRole('status')).toHaveTextContent(sentence);
    expect(screen.getByRole('status')).not.toHaveTextContent('Connecting…');
    const call = screen.getByRole('button', { name: 'Call' });
    expect(call).toBeDisabled();
    expect(call).toHaveAccessibleDescription(
      `No calls right now. ${screen.getByRole('status').textContent ?? ''}`,
    );
    emit((sink) => sink.registrationChanged('registered'));
    expect(screen.getByRole('status')).toHaveTextContent('Registered as 0462626');
    expect(screen.getByRole('button', { name: 'Call' })).toBeEnabled();
  });

  it('device-removed: says so, and after signing in again by itself says that too until dismissed', async () => {
    const { emit, user } = renderApp();
    emit((sink) => sink.registrationChanged('failed', 'device-removed'));
    expect(screen.getByRole('status')).toHaveTextContent(
      'This device was removed from your number.',
    );
    emit((sink) => sink.registrationChanged('connecting', 'device-removed'));
    emit((sink) => sink.registrationChanged('registered'));
    expect(screen.getByText('Registered as 0462626')).toBeInTheDocument();
    const notice = screen.getByText(
      /This device was removed from your number\. The phone signed in again by itself\./,
    );
    expect(notice).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/This device was removed/)).not.toBeInTheDocument();
  });

  it('shows connecting and registering while the adapter works', () => {
    const { emit } = renderApp();
    emit((sink) => sink.registrationChanged('connecting'));
    expect(screen.getByRole('status')).toHaveTextContent('Connecting…');
    emit((sink) => sink.registrationChanged('registering'));
    expect(screen.getByRole('status')).toHaveTextContent('Signing in…');
  });

  it('signs out: stops the adapter, forgets the password, shows sign-in', async () => {
    const { user, adapter, host } = renderApp({
      host: fakeHost({ server: 'wss://pbx.test', sipNumber: '0462626', password: 'x' }, true),
    });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(adapter.stop).toHaveBeenCalled();
    expect(host.saveAccount).toHaveBeenCalledWith({
      server: 'wss://pbx.test',
      sipNumber: '0462626',
    });
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
