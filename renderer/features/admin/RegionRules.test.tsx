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
        region: 'Москва',
        numbers: ['+78121234567', '+74951234567'],
        codes: ['812'],
        numberRegions: ['Санкт-Петербург'],
        effect: 'deny',
      }),
    ]);
    renderEmployeePage(api);
    const r = await rules();
    expect(await r.findByText('Saint Petersburg: only +7 812 123 45 67')).toBeVisible();
    expect(
      r.getByText(
        'Moscow: never +7 812 123 45 67, +7 495 123 45 67, numbers with the code 812, numbers in Saint Petersburg',
      ),
    ).toBeVisible();
    expect(api.listRegionRules).toHaveBeenCalledWith(11);
  });

  it('adds a rule: region searched on the PBX, company numbers, allow or deny', async () => {
    const api = employeePageApi();
    api.listRegionRules.mockResolvedValue([]);
    api.addRegionRule.mockResolvedValue(
      regionRule({ id: 23, region: 'Москва', numbers: ['+74951234567'], effect: 'deny' }),
    );
    const { user } = renderEmployeePage(api);
    const r = await rules();
    expect(
      await r.findByText('No region restrictions: any company number may be shown in any region.'),
    ).toBeVisible();
    const form = within(r.getByRole('form', { name: 'Add a region rule' }));
    const region = form.getByRole('combobox', { name: 'Client’s region' });
    await user.type(region, 'mosc');
    await waitFor(() => expect(api.regions).toHaveBeenLastCalledWith('mosc'));
    const options = await waitFor(() => {
      const found = form.getAllByRole('option');
      expect(found.map((o) => o.textContent)).toEqual([
        'Moscow · Москва',
        'Moscow Oblast · Московская область',
      ]);
      return found;
    });
    await user.click(options[0]!);
    expect(region).toHaveValue('Moscow');
    const numbers = within(form.getByRole('group', { name: 'Company numbers' }));
    await user.click(numbers.getByRole('checkbox', { name: '+7 495 123 45 67 · Moscow' }));
    const effect = within(form.getByRole('group', { name: 'Rule' }));
    expect(effect.getByRole('radio', { name: 'Allow only these numbers' })).toBeChecked();
    await user.click(effect.getByRole('radio', { name: 'Forbid these numbers' }));
    api.listRegionRules.mockResolvedValue([
      regionRule({ id: 23, region: 'Москва', numbers: ['+74951234567'], effect: 'deny' }),
    ]);
    await user.click(form.getByRole('button', { name: 'Add rule' }));
    expect(api.addRegionRule).toHaveBeenCalledWith(11, {
      region: 'Moscow',
      numbers: ['+74951234567'],
      codes: [],
      numberRegions: [],
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
    const region = form.getByRole('combobox', { name: 'Client’s region' });
    expect(region).toHaveAccessibleDescription(
      expect.stringContaining('Choose a region from the list.'),
    );
    expect(form.getByRole('group', { name: 'Company numbers' })).toHaveAccessibleDescription(
      'Choose company numbers, or give a code or a region of numbers.',
    );
    expect(api.addRegionRule).not.toHaveBeenCalled();

    api.addRegionRule.mockRejectedValue(
      apiError.fields([{ path: 'region', message: 'there is no region named "Atlantis"' }]),
    );
    await user.type(region, 'Atlantis');
    await user.click(form.getByRole('checkbox', { name: '+7 812 123 45 67 · Saint Petersburg' }));
    await user.click(form.getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(api.addRegionRule).toHaveBeenCalled());
    // The PBX's own words reach the admin
    expect(await form.findByRole('alert')).toHaveTextContent(
      'There is no region named "Atlantis".',
    );
    expect(region).toHaveAttribute('aria-invalid', 'true');
    expect(form.getByRole('group', { name: 'Company numbers' })).not.toHaveAccessibleDescription();

    api.addRegionRule.mockRejectedValue(
      apiError.fields([{ path: 'numbers.0', message: 'must be a phone number' }]),
    );
    await user.click(form.getByRole('button', { name: 'Add rule' }));
    await waitFor(() =>
      expect(form.getByRole('alert')).toHaveTextContent(
        'Choose company numbers, or give a code or a region of numbers.',
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
