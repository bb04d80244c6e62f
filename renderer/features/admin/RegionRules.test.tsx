import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, regionRule } from '../../app/test-data';
import { employeePageApi, renderEmployeePage } from './employee-page-fakes';

const rules = async () =>
  screen.findByRole('region', { name: 'Region restrictions' }).then((region) => within(region));

describe('region restrictions', () => {
  it('lists the rules in words', async () => {
    const api = employeePageApi();
    api.listRegionRules.mockResolvedValue([
      regionRule(),
      regionRule({
        id: 22,
        region: 'Moscow',
        numbers: ['+78121234567', '+74951234567'],
        effect: 'deny',
      }),
    ]);
    renderEmployeePage(api);
    const r = await rules();
    expect(await r.findByText('Saint Petersburg: only +7 812 123 45 67')).toBeVisible();
    expect(r.getByText('Moscow: never +7 812 123 45 67, +7 495 123 45 67')).toBeVisible();
    expect(api.listRegionRules).toHaveBeenCalledWith(11);
  });

  it('adds a rule: region searched on the PBX, company numbers, allow or deny', async () => {
    const api = employeePageApi();
    api.listRegionRules.mockResolvedValue([]);
    api.addRegionRule.mockResolvedValue(
      regionRule({ id: 23, region: 'Moscow', numbers: ['+74951234567'], effect: 'deny' }),
    );
    const { user } = renderEmployeePage(api);
    const r = await rules();
    expect(
      await r.findByText('No region restrictions: any company number may be shown in any region.'),
    ).toBeVisible();
    const form = within(r.getByRole('form', { name: 'Add a region rule' }));
    const region = form.getByRole('combobox', { name: 'Region' });
    await user.type(region, 'mosc');
    await waitFor(() => expect(api.regions).toHaveBeenLastCalledWith('mosc'));
    const list = document.getElementById(region.getAttribute('list')!)!;
    await waitFor(() =>
      expect([...list.querySelectorAll('option')].map((o) => o.value)).toEqual([
        'Moscow',
        'Moscow Oblast',
      ]),
    );
    await user.clear(region);
    await user.type(region, 'Moscow');
    const numbers = within(form.getByRole('group', { name: 'Company numbers' }));
    await user.click(numbers.getByRole('checkbox', { name: '+7 495 123 45 67 · Moscow' }));
    const effect = within(form.getByRole('group', { name: 'Rule' }));
    expect(effect.getByRole('radio', { name: 'Allow only these numbers' })).toBeChecked();
    await user.click(effect.getByRole('radio', { name: 'Forbid these numbers' }));
    api.listRegionRules.mockResolvedValue([
      regionRule({ id: 23, region: 'Moscow', numbers: ['+74951234567'], effect: 'deny' }),
    ]);
    await user.click(form.getByRole('button', { name: 'Add rule' }));
    expect(api.addRegionRule).toHaveBeenCalledWith(11, {
      region: 'Moscow',
      numbers: ['+74951234567'],
      effect: 'deny',
    });
    expect(await r.findByText('Moscow: never +7 495 123 45 67')).toBeVisible();
    expect(region).toHaveValue('');
  });

  it('says what is wrong next to the field: locally, and from a 400', async () => {
    const api = employeePageApi();
    const { user } = renderEmployeePage(api);
    const r = await rules();
    const form = within(r.getByRole('form', { name: 'Add a region rule' }));
    await user.click(form.getByRole('button', { name: 'Add rule' }));
    const region = form.getByRole('combobox', { name: 'Region' });
    expect(region).toHaveAccessibleDescription(
      expect.stringContaining('Choose a region from the list.'),
    );
    expect(form.getByRole('group', { name: 'Company numbers' })).toHaveAccessibleDescription(
      'Choose one or more of the company’s numbers.',
    );
    expect(api.addRegionRule).not.toHaveBeenCalled();

    api.addRegionRule.mockRejectedValue(
      apiError.fields([{ path: 'region', message: 'there is no region named "Atlantis"' }]),
    );
    await user.type(region, 'Atlantis');
    await user.click(form.getByRole('checkbox', { name: '+7 812 123 45 67 · Saint Petersburg' }));
    await user.click(form.getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(api.addRegionRule).toHaveBeenCalled());
    expect(await form.findByRole('alert')).toHaveTextContent('Choose a region from the list.');
    expect(region).toHaveAttribute('aria-invalid', 'true');
    expect(form.getByRole('group', { name: 'Company numbers' })).not.toHaveAccessibleDescription();

    api.addRegionRule.mockRejectedValue(
      apiError.fields([{ path: 'numbers.0', message: 'must be a phone number' }]),
    );
    await user.click(form.getByRole('button', { name: 'Add rule' }));
    await waitFor(() =>
      expect(form.getByRole('alert')).toHaveTextContent(
        'Choose one or more of the company’s numbers.',
      ),
    );
    expect(region).not.toHaveAttribute('aria-invalid');
  });

  it('deletes a rule', async () => {
    const api = employeePageApi();
    api.deleteRegionRule.mockResolvedValue(undefined);
    const { user } = renderEmployeePage(api);
    const r = await rules();
    const remove = await r.findByRole('button', {
      name: 'Delete the rule “Saint Petersburg: only +7 812 123 45 67”',
    });
    api.listRegionRules.mockResolvedValue([]);
    await user.click(remove);
    expect(api.deleteRegionRule).toHaveBeenCalledWith(11, 21);
    expect(
      await r.findByText('No region restrictions: any company number may be shown in any region.'),
    ).toBeVisible();
  });

  it('reads the rules again when a live event names the number', async () => {
    const api = employeePageApi();
    const { events } = renderEmployeePage(api);
    const r = await rules();
    await r.findByText('Saint Petersburg: only +7 812 123 45 67');
    api.listRegionRules.mockResolvedValue([regionRule({ effect: 'deny' })]);
    events.push({ type: 'sip-number-changed', employeeId: 11, sipNumber: '0462626' });
    expect(await r.findByText('Saint Petersburg: never +7 812 123 45 67')).toBeVisible();
  });

  it('a failed delete is said in words', async () => {
    const api = employeePageApi();
    api.deleteRegionRule.mockRejectedValue(apiError.network());
    const { user } = renderEmployeePage(api);
    const r = await rules();
    await user.click(
      await r.findByRole('button', {
        name: 'Delete the rule “Saint Petersburg: only +7 812 123 45 67”',
      }),
    );
    expect(await r.findByRole('alert')).toHaveTextContent(
      'Cannot reach the server. Check the address and your connection.',
    );
  });
});
