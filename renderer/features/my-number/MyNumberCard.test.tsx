import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, device, employeeSession, myNumber } from '../../app/test-data';
import { fakeApi, renderApp } from '../../app/test-utils';

function myApi() {
  return fakeApi({
    isThisPbx: vi.fn(async () => true),
    signInEmployee: vi.fn(async () => employeeSession()),
    me: vi.fn(async () => myNumber()),
    myDevices: vi.fn(async () => [
      device({ id: 'web-1', kind: 'softphone-web', transport: 'wss' }),
    ]),
    signOut: vi.fn(async () => {}),
  });
}

/** Signed in on the phone, with the employee API session started as sign-in starts it. */
async function renderCard(api = myApi()) {
  const app = renderApp({ api });
  await act(() =>
    app.services.employeeApi.start({
      baseUrl: 'http://pbx.test:8080',
      sipNumber: '0462626',
      password: 'sip-secret',
    }),
  );
  await app.user.click(screen.getByRole('button', { name: 'My number' }));
  const card = within(screen.getByRole('region', { name: 'My number' }));
  return { ...app, card };
}

describe('My number card', () => {
  it('signs in to the API when the phone signs in, and shows channels, rule and caller ID', async () => {
    const api = myApi();
    const { user, apiFactory } = renderApp({ signedIn: false, api });
    await user.type(screen.getByLabelText('Server address'), 'pbx.test:8080');
    await user.type(screen.getByLabelText('SIP number or user name'), '0462626');
    await user.type(screen.getByLabelText('Password'), 'sip-secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.click(await screen.findByRole('button', { name: 'My number' }));
    const card = within(await screen.findByRole('region', { name: 'My number' }));
    expect(await card.findByText('Channels: 2')).toBeVisible();
    expect(api.signInEmployee).toHaveBeenCalledWith({
      sipNumber: '0462626',
      password: 'sip-secret',
    });
    expect(apiFactory).toHaveBeenCalledWith('http://pbx.test:8080');
    expect(apiFactory).toHaveBeenCalledWith('http://pbx.test:8080', 'employee-token');
    expect(
      card.getByText('Multi-terminal: up to 4 devices, at most 3 that are not our softphone.'),
    ).toBeVisible();
    expect(card.getByText(/Outgoing caller ID: Fixed number\./)).toBeVisible();
    expect(await card.findByRole('table', { name: 'My devices' })).toHaveTextContent(
      'Our softphone (browser)',
    );
  });

  it('keeps the token in memory only', async () => {
    const { host } = await renderCard();
    const kept = JSON.stringify([
      host.saveAccount.mock.calls,
      host.saveAdminAccount.mock.calls,
      { ...localStorage },
    ]);
    expect(kept).not.toContain('employee-token');
  });

  it('follows live events: devices and settings of this number', async () => {
    const api = myApi();
    const { card, events } = await renderCard(api);
    expect(events.subscribe).toHaveBeenCalledWith(
      'http://pbx.test:8080',
      'employee-token',
      expect.any(Function),
      expect.any(Object),
    );
    api.me.mockResolvedValue(myNumber({ channels: 3, multiTerminal: false }));
    events.push({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    expect(await card.findByText('Channels: 3')).toBeVisible();
    expect(card.getByText('One device at a time.')).toBeVisible();

    api.myDevices.mockResolvedValue([device(), device({ id: 'd2', address: '203.0.113.9:5060' })]);
    events.push({ type: 'devices-changed', employeeId: 11, sipNumber: '0462626' });
    expect(await card.findByText('203.0.113.9:5060')).toBeVisible();

    events.push({ type: 'devices-changed', employeeId: 12, sipNumber: '0111111' });
    expect(api.myDevices).toHaveBeenCalledTimes(2);
  });

  it('has no caller-ID picker of its own: the one by the dialer is the only one', async () => {
    const { card } = await renderCard();
    expect(card.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.getAllByRole('combobox', { name: 'Outgoing caller ID' })).toHaveLength(1);
  });

  it('shows the absence in force', async () => {
    const api = myApi();
    api.me.mockResolvedValue(
      myNumber({
        absence: {
          id: 5,
          from: '2030-03-10T06:00:00.000Z',
          to: '2030-03-20T18:00:00.000Z',
          reason: 'vacation',
          forwardTo: { id: 12, name: 'Ivan Sidorov', sipNumber: '0111111' },
        },
      }),
    );
    const { card } = await renderCard(api);
    expect(
      card.getByText(/You are absent from .* to .*\. \(vacation\) Calls go to Ivan Sidorov\./),
    ).toBeVisible();
  });

  it('drops another device at once, and asks before one that may be this softphone', async () => {
    const api = myApi();
    api.myDevices.mockResolvedValue([
      device(),
      device({ id: 'web-1', kind: 'softphone-web', transport: 'wss', address: '198.51.100.7:1' }),
    ]);
    api.dropMyDevice.mockResolvedValue(undefined);
    const { card, user } = await renderCard(api);
    await user.click(
      card.getByRole('button', {
        name: 'Drop Other device (IP phone or program) at 192.0.2.10:5060',
      }),
    );
    expect(api.dropMyDevice).toHaveBeenCalledWith('dev-1');
    await user.click(
      card.getByRole('button', { name: 'Drop Our softphone (browser) at 198.51.100.7:1' }),
    );
    const ask = card.getByRole('alertdialog', { name: 'Drop this device?' });
    expect(api.dropMyDevice).toHaveBeenCalledTimes(1);
    await user.click(within(ask).getByRole('button', { name: 'Drop it' }));
    expect(api.dropMyDevice).toHaveBeenLastCalledWith('web-1');
  });

  it('signs in again with the password in memory when the token has expired (401)', async () => {
    const api = myApi();
    api.signInEmployee
      .mockResolvedValueOnce(employeeSession())
      .mockResolvedValueOnce({ ...employeeSession(), token: 'fresh-token' });
    const { user, apiFactory } = await renderCard(api);
    api.setCallerId
      .mockRejectedValueOnce(apiError.unauthorized())
      .mockResolvedValueOnce(
        myNumber({ callerId: { ...myNumber().callerId, chosen: '+74951234567' } }),
      );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Outgoing caller ID' }),
      '+74951234567',
    );
    await waitFor(() => expect(api.setCallerId).toHaveBeenCalledTimes(2));
    expect(api.signInEmployee).toHaveBeenCalledTimes(2);
    expect(api.signInEmployee).toHaveBeenLastCalledWith({
      sipNumber: '0462626',
      password: 'sip-secret',
    });
    expect(apiFactory).toHaveBeenLastCalledWith('http://pbx.test:8080', 'fresh-token');
    expect(
      await screen.findByText('Saved: your calls show +7 495 123 45 67 on all your devices.'),
    ).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says it cannot load when the API cannot be reached, while the phone works', async () => {
    const api = myApi();
    api.signInEmployee.mockRejectedValue(apiError.network());
    const { card, user } = await renderCard(api);
    expect(
      card.getByText(
        'Cannot load your number’s settings: the server does not answer. Calls still work.',
      ),
    ).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent('Registered as 0462626');
    expect(screen.getByRole('button', { name: 'Call' })).toBeEnabled();
    api.signInEmployee.mockResolvedValue(employeeSession());
    await user.click(card.getByRole('button', { name: 'Try again' }));
    expect(await card.findByText('Channels: 2')).toBeVisible();
  });

  it('signs out of the API when the phone signs out', async () => {
    const api = myApi();
    const { user, events } = await renderCard(api);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(api.signOut).toHaveBeenCalled());
    expect(events.subscribers.size).toBe(0);
    expect(screen.queryByRole('region', { name: 'My number' })).not.toBeInTheDocument();
  });
});
