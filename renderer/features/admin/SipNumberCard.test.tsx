import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, detail, device, sipNumberView } from '../../app/test-data';
import { employeePageApi, renderEmployeePage } from './employee-page-fakes';

const card = async () =>
  screen.findByRole('region', { name: 'SIP number 0462626' }).then((region) => within(region));

describe('SIP-number card', () => {
  it('saves channels, multi-terminal and caller ID together', async () => {
    const api = employeePageApi();
    api.updateSipNumber.mockResolvedValue(sipNumberView({ channels: 3 }));
    const { user } = renderEmployeePage(api);
    const c = await card();
    const channels = c.getByRole('spinbutton', { name: 'Channels' });
    expect(channels).toHaveValue(2);
    await user.clear(channels);
    await user.type(channels, '3');
    await user.click(c.getByRole('switch', { name: 'Multi-terminal' }));
    expect(
      c.getByText(
        'One device at a time: another device is refused while one is signed in, and the employee may take the number over on it.',
      ),
    ).toBeVisible();
    await user.click(c.getByRole('button', { name: 'Save' }));
    expect(api.updateSipNumber).toHaveBeenCalledWith(11, {
      multiTerminal: false,
      newestDeviceWins: false,
      channels: 3,
      callerIdMode: 'familiar',
      fixedCallerId: null,
      employeeMayChooseCallerId: false,
    });
    expect(await c.findByText('Saved.')).toBeInTheDocument();
    await waitFor(() => expect(api.getEmployee).toHaveBeenCalledTimes(2));
  });

  it('with multi-terminal off, offers "newest device wins" with its rule, saved with the form', async () => {
    const api = employeePageApi();
    api.updateSipNumber.mockResolvedValue(sipNumberView({ multiTerminal: false }));
    const { user } = renderEmployeePage(api);
    const c = await card();
    expect(c.queryByRole('switch', { name: 'Newest device wins' })).not.toBeInTheDocument();
    await user.click(c.getByRole('switch', { name: 'Multi-terminal' }));
    await user.click(c.getByRole('switch', { name: 'Newest device wins' }));
    expect(
      c.getByText(
        'One device at a time: a device that signs in takes the number, and the one before it is signed out and told so.',
      ),
    ).toBeVisible();
    await user.click(c.getByRole('button', { name: 'Save' }));
    expect(api.updateSipNumber).toHaveBeenCalledWith(
      11,
      expect.objectContaining({ multiTerminal: false, newestDeviceWins: true }),
    );
  });

  it('spells out the device rule', async () => {
    renderEmployeePage();
    const c = await card();
    expect(c.getByRole('switch', { name: 'Multi-terminal' })).toBeChecked();
    expect(
      c.getByText('Up to 4 devices at once, at most 3 of them not our softphone.'),
    ).toBeVisible();
  });

  it('says in a sentence next to the field what is wrong with channels, locally and from a 400', async () => {
    const api = employeePageApi();
    const { user } = renderEmployeePage(api);
    const c = await card();
    const channels = c.getByRole('spinbutton', { name: 'Channels' });
    await user.clear(channels);
    await user.type(channels, '11');
    await user.click(c.getByRole('button', { name: 'Save' }));
    expect(channels).toHaveAccessibleDescription(
      expect.stringContaining('Channels must be a whole number from 1 to 10.'),
    );
    expect(c.getByRole('alert')).toHaveTextContent('Channels must be a whole number from 1 to 10.');
    expect(api.updateSipNumber).not.toHaveBeenCalled();

    api.updateSipNumber.mockRejectedValue(
      apiError.fields([{ path: 'channels', message: 'must be at most 10' }]),
    );
    await user.clear(channels);
    await user.type(channels, '4');
    await user.click(c.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateSipNumber).toHaveBeenCalled());
    expect(await c.findByRole('alert')).toHaveTextContent(
      'Channels must be a whole number from 1 to 10.',
    );
    expect(channels).toHaveAttribute('aria-invalid', 'true');
  });

  it('explains each caller-ID mode, and in fixed mode offers the company numbers', async () => {
    const api = employeePageApi();
    api.updateSipNumber.mockResolvedValue(sipNumberView());
    const { user } = renderEmployeePage(api);
    const c = await card();
    const mode = c.getByRole('combobox', { name: 'Which number the client sees' });
    const explained: [string, string][] = [
      ['fixed', 'Always the same number; the employee may change it if allowed.'],
      [
        'familiar',
        'The number the company last talked to this client through, else the default number.',
      ],
      [
        'familiar-or-regional',
        'The familiar number, else a company number in the client’s region.',
      ],
      ['random', 'Any connected company number, chosen at random.'],
      [
        'random-regional',
        'A random company number in the client’s region, else the default number.',
      ],
    ];
    for (const [value, sentence] of explained) {
      await user.selectOptions(mode, value);
      expect(mode).toHaveAccessibleDescription(sentence);
    }
    await user.selectOptions(mode, 'fixed');
    const fixed = await c.findByRole('combobox', { name: 'Fixed number' });
    expect(
      within(fixed)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual([
      'the company’s default number',
      '+78121234567 · Saint Petersburg',
      '+74951234567 · Moscow',
    ]);
    await user.selectOptions(fixed, '+74951234567');
    await user.click(c.getByRole('checkbox', { name: 'Employee may change the number' }));
    await user.click(c.getByRole('button', { name: 'Save' }));
    expect(api.updateSipNumber).toHaveBeenCalledWith(
      11,
      expect.objectContaining({
        callerIdMode: 'fixed',
        fixedCallerId: '+74951234567',
        employeeMayChooseCallerId: true,
      }),
    );
  });

  it('turning the number off first offers an absence period instead', async () => {
    const api = employeePageApi();
    api.updateSipNumber.mockResolvedValue(sipNumberView({ enabled: false }));
    const { user } = renderEmployeePage(api);
    const c = await card();
    const enabled = c.getByRole('switch', { name: 'Number enabled' });
    await user.click(enabled);
    const ask = c.getByRole('alertdialog', { name: 'Turn the number off?' });
    expect(ask).toHaveTextContent(/sick leave or on vacation\? Set an absence period instead/);
    expect(enabled).toBeChecked();
    await user.click(within(ask).getByRole('button', { name: 'Set an absence period' }));
    expect(api.updateSipNumber).not.toHaveBeenCalled();
    expect(screen.getByLabelText('From')).toHaveFocus();

    await user.click(enabled);
    api.getEmployee.mockResolvedValue(detail({}, { enabled: false }));
    await user.click(c.getByRole('button', { name: 'Turn off anyway' }));
    expect(api.updateSipNumber).toHaveBeenCalledWith(11, { enabled: false });
    await waitFor(() => expect(enabled).not.toBeChecked());
    expect(
      c.getByText('The number is off: its devices cannot sign in and calls to it are refused.'),
    ).toBeVisible();
  });

  it('turns the number on at once', async () => {
    const api = employeePageApi();
    api.getEmployee.mockResolvedValue(detail({}, { enabled: false }));
    api.updateSipNumber.mockResolvedValue(sipNumberView());
    const { user } = renderEmployeePage(api);
    await user.click((await card()).getByRole('switch', { name: 'Number enabled' }));
    expect(api.updateSipNumber).toHaveBeenCalledWith(11, { enabled: true });
  });

  it('lists the devices in words and drops one', async () => {
    const api = employeePageApi();
    api.listDevices.mockResolvedValue([
      device(),
      device({
        id: 'dev-2',
        kind: 'softphone-web',
        userAgent: null,
        transport: 'wss',
        address: '198.51.100.7:50312',
      }),
    ]);
    api.dropDevice.mockResolvedValue(undefined);
    const { user } = renderEmployeePage(api);
    const table = await (await card()).findByRole('table', { name: 'Devices now' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Other device (IP phone or program)');
    expect(rows[0]).toHaveTextContent('Yealink SIP-T46U 108.86');
    expect(rows[0]).toHaveTextContent('UDP');
    expect(rows[0]).toHaveTextContent('192.0.2.10:5060');
    expect(rows[1]).toHaveTextContent('Our softphone (browser)');
    expect(rows[1]).toHaveTextContent('WSS');
    await user.click(
      within(table).getByRole('button', {
        name: 'Drop Our softphone (browser) at 198.51.100.7:50312',
      }),
    );
    expect(api.dropDevice).toHaveBeenCalledWith(11, 'dev-2');
    await waitFor(() => expect(api.listDevices).toHaveBeenCalledTimes(2));
  });

  it('shows new devices and settings when live events name them', async () => {
    const api = employeePageApi();
    const { events } = renderEmployeePage(api);
    const c = await card();
    await c.findByText('192.0.2.10:5060');
    api.listDevices.mockResolvedValue([
      device(),
      device({ id: 'dev-3', address: '203.0.113.5:5062' }),
    ]);
    events.push({ type: 'devices-changed', employeeId: 11, sipNumber: '0462626' });
    expect(await c.findByText('203.0.113.5:5062')).toBeInTheDocument();

    api.getEmployee.mockResolvedValue(detail({}, { channels: 5 }));
    events.push({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    await waitFor(() => expect(c.getByRole('spinbutton', { name: 'Channels' })).toHaveValue(5));

    events.push({ type: 'devices-changed', employeeId: 99, sipNumber: '0999999' });
    expect(api.listDevices).toHaveBeenCalledTimes(2);
  });
});
