import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeHost, renderApp } from '../../app/test-utils';

const fill = async (
  user: ReturnType<typeof renderApp>['user'],
  server: string,
  number: string,
  password: string,
) => {
  if (server) await user.type(screen.getByLabelText('Server address'), server);
  if (number) await user.type(screen.getByLabelText('SIP number or user name'), number);
  if (password) await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
};

describe('sign-in', () => {
  it('says what is missing and does not start', async () => {
    const { user, adapter } = renderApp({ signedIn: false });
    await fill(user, '', '', '');
    expect(screen.getByText('Enter the server address.')).toBeInTheDocument();
    expect(
      screen.getByText(/Enter your SIP number, such as 0462626, or the user name/),
    ).toBeVisible();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('SIP number or user name')).toHaveAccessibleDescription(
      /Enter your SIP number/,
    );
    expect(adapter.start).not.toHaveBeenCalled();
  });

  it('refuses a bad server address and a user that is not a SIP user name', async () => {
    const { user, adapter } = renderApp({ signedIn: false });
    await fill(user, 'http://pbx.example.com', 'alice smith', 'secret');
    expect(screen.getByText(/This is not a server address/)).toBeInTheDocument();
    expect(screen.getByText(/Enter your SIP number, such as 0462626/)).toBeInTheDocument();
    expect(adapter.start).not.toHaveBeenCalled();
  });

  it('starts the adapter with the WebSocket URL, number, device kind and instance id', async () => {
    const { user, adapter, host, store } = renderApp({ signedIn: false });
    await fill(user, 'wss://pbx.example.com:8443', '0462626', 'secret');
    await waitFor(() => expect(adapter.start).toHaveBeenCalledTimes(1));
    expect(adapter.start).toHaveBeenCalledWith({
      account: { server: 'wss://pbx.example.com:8443', sipNumber: '0462626', password: 'secret' },
      deviceKind: 'softphone-web',
      instanceId: '6f1c2d3e-0000-4000-8000-000000000001',
      iceServers: [],
      dtmfMethod: 'rfc4733',
    });
    expect(host.saveAccount).toHaveBeenCalledWith({
      server: 'wss://pbx.example.com:8443',
      sipNumber: '0462626',
    });
    expect(store.getState().registration.status).toBe('connecting');
    expect(await screen.findByRole('status')).toHaveTextContent('Connecting…');
  });

  it('turns host:port into ws:// on an http: page (jsdom) and for localhost', async () => {
    const { user, adapter } = renderApp({ signedIn: false });
    await fill(user, 'pbx.example.com:8080', '0462626', 'secret');
    await waitFor(() => expect(adapter.start).toHaveBeenCalled());
    expect(adapter.start.mock.calls[0]![0].account.server).toBe('ws://pbx.example.com:8080');
  });

  it('fills in the remembered server and number', async () => {
    renderApp({
      signedIn: false,
      host: fakeHost({ server: 'pbx.example.com', sipNumber: '0111111' }),
    });
    expect(await screen.findByDisplayValue('pbx.example.com')).toBeInTheDocument();
    expect(screen.getByLabelText('SIP number or user name')).toHaveValue('0111111');
    expect(screen.queryByLabelText(/Remember password/)).not.toBeInTheDocument();
  });

  it('keeps the password only where the host can keep it, when asked', async () => {
    const host = fakeHost(undefined, true);
    const { user } = renderApp({ signedIn: false, host });
    await user.click(await screen.findByLabelText(/Remember password/));
    await fill(user, 'wss://pbx.test', '0462626', 'secret');
    await waitFor(() =>
      expect(host.saveAccount).toHaveBeenCalledWith({
        server: 'wss://pbx.test',
        sipNumber: '0462626',
        password: 'secret',
      }),
    );
  });

  it('comes back with the sentence when the password is wrong', async () => {
    const { user, emit } = renderApp({ signedIn: false });
    await fill(user, 'wss://pbx.test', '0462626', 'bad');
    await screen.findByText('Connecting…');
    emit((sink) => sink.registrationChanged('failed', 'wrong-password'));
    expect(screen.getByRole('alert')).toHaveTextContent('Wrong SIP number or password.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('a disabled number at sign-in: back on the sign-in screen with the sentence, in either language', async () => {
    const { user, emit, store } = renderApp({ signedIn: false });
    await fill(user, 'wss://pbx.test', '0462626', 'secret');
    await screen.findByText('Connecting…');
    emit((sink) => sink.registrationChanged('failed', 'number-disabled'));
    expect(screen.getByRole('alert')).toHaveTextContent('Your admin disabled this number.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    emit(() => store.getState().updateSettings({ language: 'ru' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Администратор отключил этот номер.',
    );
  });

  it('a wrong server address: back on the sign-in screen saying so', async () => {
    const { user, emit } = renderApp({ signedIn: false });
    await fill(user, 'ws://nothing.here.test', '0462626', 'secret');
    await screen.findByText('Connecting…');
    emit((sink) => sink.registrationChanged('failed', 'server-not-found'));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'No phone system answers at this address. Check the server address.',
    );
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
