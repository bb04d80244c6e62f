import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { employeeSession } from '../../app/test-data';
import { fakeApi, fakeHost, renderApp } from '../../app/test-utils';

type App = ReturnType<typeof renderApp>;

async function signInWith(app: App, fields: { server: string; user: string; domain?: string }) {
  const { user } = app;
  await user.type(screen.getByLabelText('Server address'), fields.server);
  await user.type(screen.getByLabelText('SIP number or user name'), fields.user);
  await user.type(screen.getByLabelText('Password'), 'secret');
  if (fields.domain !== undefined) {
    await user.click(screen.getByText('More options'));
    await user.type(screen.getByLabelText('SIP domain'), fields.domain);
  }
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

/** Signed in (registered) to a server whose API answers `thisPbx`. */
async function registeredAt(thisPbx: boolean, fields = { server: '10.0.0.5:8080', user: 'alice' }) {
  const api = fakeApi({
    isThisPbx: vi.fn(async () => thisPbx),
    signInEmployee: vi.fn(async () => employeeSession()),
  });
  const app = renderApp({ signedIn: false, api });
  await signInWith(app, fields);
  await waitFor(() => expect(app.adapter.start).toHaveBeenCalled());
  app.emit((sink) => sink.registrationChanged('registered'));
  const kind = thisPbx ? 'this-pbx' : 'other';
  await waitFor(() => expect(app.store.getState().registration.server).toBe(kind));
  return { ...app, api };
}

async function dial(app: App, text: string, words = { field: 'Number to call', call: 'Call' }) {
  const field = await screen.findByRole('textbox', { name: words.field });
  await app.user.clear(field);
  await app.user.type(field, text);
  await app.user.click(screen.getByRole('button', { name: words.call }));
}

describe('a softphone for any SIP server', () => {
  it('signs in with a user name and a SIP domain from "More options", and remembers both', async () => {
    const app = renderApp({ signedIn: false });
    await signInWith(app, { server: 'ws://10.0.0.5:8080', user: 'alice', domain: 'example.org' });
    await waitFor(() => expect(app.adapter.start).toHaveBeenCalled());
    expect(app.adapter.start.mock.calls[0]![0].account).toEqual({
      server: 'ws://10.0.0.5:8080',
      sipNumber: 'alice',
      domain: 'example.org',
      password: 'secret',
    });
    expect(app.host.saveAccount).toHaveBeenCalledWith({
      server: 'ws://10.0.0.5:8080',
      sipNumber: 'alice',
      domain: 'example.org',
    });
  });

  it('refuses a SIP domain that is not a host name, with "More options" open to show it', async () => {
    const app = renderApp({ signedIn: false });
    await signInWith(app, { server: '10.0.0.5:8080', user: 'alice', domain: 'example org' });
    expect(screen.getByLabelText('SIP domain')).toBeVisible();
    expect(screen.getByLabelText('SIP domain')).toHaveAccessibleDescription(
      'A SIP domain is a host name or IP address, such as example.org.',
    );
    expect(app.adapter.start).not.toHaveBeenCalled();
  });

  it('opens "More options" with the remembered domain', async () => {
    renderApp({
      signedIn: false,
      host: fakeHost({ server: '10.0.0.5:8080', sipNumber: 'alice', domain: 'example.org' }),
    });
    expect(await screen.findByDisplayValue('example.org')).toBeVisible();
    expect(screen.getByLabelText('SIP number or user name')).toHaveValue('alice');
  });

  it('another server: dials any SIP user or URI, and opens no session with this PBX’s API', async () => {
    const app = await registeredAt(false);
    await dial(app, 'bob');
    expect(app.adapter.call).toHaveBeenLastCalledWith('bob');
    await dial(app, 'sip:carol@example.org');
    expect(app.adapter.call).toHaveBeenLastCalledWith('sip:carol@example.org');
    await dial(app, 'dave@example.org');
    expect(app.adapter.call).toHaveBeenLastCalledWith('sip:dave@example.org');
    await dial(app, 'eve smith');
    expect(screen.getByRole('alert')).toHaveTextContent('“eve smith” is not an address to call.');
    expect(app.adapter.call).toHaveBeenCalledTimes(3);
    expect(app.apiFactory).toHaveBeenCalledWith('http://10.0.0.5:8080');
    expect(app.api.signInEmployee).not.toHaveBeenCalled();
  });

  it('this PBX: its numbering applies, and the employee API session starts', async () => {
    const app = await registeredAt(true, { server: 'pbx.test:8080', user: '0462626' });
    await dial(app, 'bob');
    expect(screen.getByRole('alert')).toHaveTextContent('“bob” is not a number.');
    await dial(app, '8 812 123-45-67');
    expect(app.adapter.call).toHaveBeenLastCalledWith('+78121234567');
    await waitFor(() =>
      expect(app.api.signInEmployee).toHaveBeenCalledWith({
        sipNumber: '0462626',
        password: 'secret',
      }),
    );
  });

  it('says the dialer’s rules in Russian too', async () => {
    const app = await registeredAt(false);
    act(() => app.store.getState().updateSettings({ language: 'ru' }));
    await dial(app, 'eve smith', { field: 'Номер для звонка', call: 'Позвонить' });
    expect(screen.getByRole('alert')).toHaveTextContent('«eve smith» — не адрес для звонка.');
  });
});
