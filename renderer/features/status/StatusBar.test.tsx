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
    ['number-disabled', 'Your number is disabled. Ask your administrator.'],
    ['device-limit', 'Your number is in use on another device, or its device limit is reached.'],
    ['auth-throttled', 'Too many failed attempts. Wait a few minutes and try again.'],
  ])('%s: back to sign-in, saying so', (problem, sentence) => {
    const { emit } = renderApp();
    emit((sink) => sink.registrationChanged('failed', problem));
    expect(screen.getByRole('alert')).toHaveTextContent(sentence);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it.each<[RegistrationProblem, string]>([
    ['server-unreachable', 'The server is unreachable. Reconnecting…'],
    ['unknown', 'Could not sign in. Reconnecting…'],
  ])('%s: stays on the phone and says it is reconnecting', (problem, sentence) => {
    const { emit } = renderApp();
    emit((sink) => sink.registrationChanged('failed', problem));
    expect(screen.getByRole('status')).toHaveTextContent(sentence);
    expect(screen.getByRole('button', { name: 'Call' })).toBeInTheDocument();
    emit((sink) => sink.registrationChanged('registered'));
    expect(screen.getByRole('status')).toHaveTextContent('Registered as 0462626');
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
