import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, detail, sipNumberView } from '../../app/test-data';
import { employeePageApi, renderEmployeePage } from './employee-page-fakes';

const card = async () =>
  screen.findByRole('region', { name: 'SIP number 0462626' }).then((region) => within(region));

const warning =
  'Toll fraud: a stolen password is used to call abroad and premium-rate numbers at the company’s cost. Allow only what the employee needs.';

describe('international and premium-rate calls', () => {
  it('are off by default, each with the toll-fraud warning', async () => {
    renderEmployeePage();
    const c = await card();
    const group = c.getByRole('group', { name: 'Calls abroad and to premium-rate numbers' });
    for (const name of ['International calls allowed', 'Premium-rate (809) calls allowed']) {
      const toggle = within(group).getByRole('switch', { name });
      expect(toggle).not.toBeChecked();
      expect(toggle).toHaveAccessibleDescription(warning);
    }
  });

  it('each switch saves at once with PATCH, and shows what the PBX says', async () => {
    const api = employeePageApi();
    api.updateSipNumber.mockResolvedValue(sipNumberView({ internationalAllowed: true }));
    const { user } = renderEmployeePage(api);
    const c = await card();
    api.getEmployee.mockResolvedValue(detail({}, { internationalAllowed: true }));
    const international = c.getByRole('switch', { name: 'International calls allowed' });
    await user.click(international);
    expect(api.updateSipNumber).toHaveBeenCalledWith(11, { internationalAllowed: true });
    expect(international).toBeChecked();
    await waitFor(() => expect(api.getEmployee).toHaveBeenCalledTimes(2));

    api.getEmployee.mockResolvedValue(
      detail({}, { internationalAllowed: true, premiumAllowed: true }),
    );
    await user.click(c.getByRole('switch', { name: 'Premium-rate (809) calls allowed' }));
    expect(api.updateSipNumber).toHaveBeenLastCalledWith(11, { premiumAllowed: true });
    await waitFor(() =>
      expect(c.getByRole('switch', { name: 'Premium-rate (809) calls allowed' })).toBeChecked(),
    );

    api.getEmployee.mockResolvedValue(detail({}, { premiumAllowed: true }));
    await user.click(c.getByRole('switch', { name: 'International calls allowed' }));
    expect(api.updateSipNumber).toHaveBeenLastCalledWith(11, { internationalAllowed: false });
    await waitFor(() =>
      expect(c.getByRole('switch', { name: 'International calls allowed' })).not.toBeChecked(),
    );
  });

  it('leaves unsaved edits of the settings form alone', async () => {
    const api = employeePageApi();
    api.updateSipNumber.mockResolvedValue(sipNumberView({ premiumAllowed: true }));
    const { user } = renderEmployeePage(api);
    const c = await card();
    const channels = c.getByRole('spinbutton', { name: 'Channels' });
    await user.clear(channels);
    await user.type(channels, '4');
    api.getEmployee.mockResolvedValue(detail({}, { premiumAllowed: true }));
    await user.click(c.getByRole('switch', { name: 'Premium-rate (809) calls allowed' }));
    await waitFor(() => expect(api.getEmployee).toHaveBeenCalledTimes(2));
    expect(channels).toHaveValue(4);
  });

  it('a refusal is said in words and the switch goes back', async () => {
    const api = employeePageApi();
    api.updateSipNumber.mockRejectedValue(apiError.forbidden());
    const { user } = renderEmployeePage(api);
    const c = await card();
    const premium = c.getByRole('switch', { name: 'Premium-rate (809) calls allowed' });
    await user.click(premium);
    expect(await c.findByRole('alert')).toHaveTextContent('You are not allowed to do this.');
    expect(premium).not.toBeChecked();
  });
});
