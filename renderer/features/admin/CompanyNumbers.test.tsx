import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  apiError,
  companyInfo as companyInfoOf,
  companyNumber,
  summary,
} from '../../app/test-data';
import { fakeApi, renderApp } from '../../app/test-utils';

function numbersApi() {
  return fakeApi({
    listCompanyNumbers: vi.fn(async () => [
      companyNumber({ inboundEmployee: { id: 11, name: 'Olga Petrova' } }),
      companyNumber({
        id: 4,
        number: '+74951234567',
        region: null,
        enabled: false,
        isDefault: false,
      }),
    ]),
    listEmployees: vi.fn(async () => ({
      items: [summary(), summary({ id: 12, name: 'Ivan Sidorov', sipNumber: '0111111' })],
      total: 2,
    })),
    updateCompanyNumber: vi.fn(async () => companyNumber()),
    addCompanyNumber: vi.fn(async () => companyNumber({ id: 9, number: '+73832123456' })),
    deleteCompanyNumber: vi.fn(async () => {}),
    company: vi.fn(async () => companyInfo),
    updateCompany: vi.fn(async () => companyInfo),
    listRegionRules: vi.fn(async () => []),
    regions: vi.fn(async () => [
      { name: 'Санкт-Петербург', en: 'Saint Petersburg' },
      { name: 'Новосибирская область', en: 'Novosibirsk Oblast' },
    ]),
  });
}

const companyInfo = companyInfoOf();

const renderNumbers = (api = numbersApi()) =>
  renderApp({ admin: true, adminPage: { name: 'numbers' }, api });

describe('company numbers', () => {
  it('lists the numbers with their state and where inbound calls go', async () => {
    renderNumbers();
    const row = (await screen.findByRole('rowheader', { name: '+78121234567' })).closest('tr')!;
    await waitFor(() => expect(row).toHaveTextContent('Saint Petersburg'));
    expect(within(row).getByRole('switch', { name: 'Enabled: +78121234567' })).toBeChecked();
    expect(
      within(row).getByRole('checkbox', { name: 'Default number: +78121234567' }),
    ).toBeChecked();
    await waitFor(() =>
      expect(
        within(row).getByRole('combobox', { name: 'Inbound calls to +78121234567 go to' }),
      ).toHaveDisplayValue('Olga Petrova'),
    );
    expect(screen.getByRole('switch', { name: 'Enabled: +74951234567' })).not.toBeChecked();
  });

  it('edits enabled, default and the inbound employee', async () => {
    const api = numbersApi();
    const { user } = renderNumbers(api);
    await user.click(await screen.findByRole('switch', { name: 'Enabled: +74951234567' }));
    expect(api.updateCompanyNumber).toHaveBeenLastCalledWith(4, { enabled: true });
    await user.click(screen.getByRole('checkbox', { name: 'Default number: +74951234567' }));
    expect(api.updateCompanyNumber).toHaveBeenLastCalledWith(4, { isDefault: true });
    const inbound = screen.getByRole('combobox', { name: 'Inbound calls to +74951234567 go to' });
    await waitFor(() => expect(within(inbound).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(inbound, 'Ivan Sidorov');
    expect(api.updateCompanyNumber).toHaveBeenLastCalledWith(4, { inboundEmployeeId: 12 });
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Inbound calls to +78121234567 go to' }),
      'Nobody',
    );
    expect(api.updateCompanyNumber).toHaveBeenLastCalledWith(3, { inboundEmployeeId: null });
    // Once for the table and once for the company-wide region rules, then a reload per change
    await waitFor(() => expect(api.listCompanyNumbers).toHaveBeenCalledTimes(6));
  });

  it('adds a number', async () => {
    const api = numbersApi();
    const { user } = renderNumbers(api);
    await user.click(await screen.findByRole('button', { name: 'Add a number' }));
    const form = within(await screen.findByRole('form', { name: 'Add a number' }));
    await user.type(form.getByLabelText('Number'), '+7 383 212-34-56');
    await user.type(form.getByLabelText('Region'), 'Novosibirsk');
    await user.click(form.getByRole('checkbox', { name: 'Default number' }));
    await user.click(form.getByRole('button', { name: 'Add number' }));
    expect(api.addCompanyNumber).toHaveBeenCalledWith({
      number: '+73832123456',
      region: 'Novosibirsk',
      enabled: true,
      isDefault: true,
      inboundEmployeeId: null,
    });
    await waitFor(() => expect(form.getByLabelText('Number')).toHaveValue(''));
  });

  it('says what is wrong with a number, next to it, and when it exists already (409)', async () => {
    const api = numbersApi();
    const { user } = renderNumbers(api);
    await user.click(await screen.findByRole('button', { name: 'Add a number' }));
    const form = within(await screen.findByRole('form', { name: 'Add a number' }));
    await user.type(form.getByLabelText('Number'), '8121234567');
    await user.click(form.getByRole('button', { name: 'Add number' }));
    expect(form.getByLabelText('Number')).toHaveAccessibleDescription(
      expect.stringContaining('Enter the number in international format, such as +78121234567.'),
    );
    expect(api.addCompanyNumber).not.toHaveBeenCalled();

    await user.clear(form.getByLabelText('Number'));
    await user.type(form.getByLabelText('Number'), '+78121234567');
    api.addCompanyNumber.mockRejectedValueOnce(apiError.conflict('the number exists'));
    await user.click(form.getByRole('button', { name: 'Add number' }));
    expect(await form.findByRole('alert')).toHaveTextContent(
      'The number +78121234567 is already in the list.',
    );

    api.addCompanyNumber.mockRejectedValueOnce(
      apiError.fields([
        { path: 'number', message: 'must be a phone number in international format' },
      ]),
    );
    await user.click(form.getByRole('button', { name: 'Add number' }));
    await waitFor(() =>
      expect(form.getByLabelText('Number')).toHaveAttribute('aria-invalid', 'true'),
    );
  });

  it('an override shows the region of the number and clears back to it in place', async () => {
    const api = numbersApi();
    api.listCompanyNumbers.mockResolvedValue([
      companyNumber({ region: 'Новосибирская область', regionOverridden: true }),
      companyNumber({ id: 4, number: '+74951234567', isDefault: false }),
    ]);
    const { user } = renderNumbers(api);
    const row = (await screen.findByRole('rowheader', { name: '+78121234567' })).closest('tr')!;
    await waitFor(() =>
      expect(row).toHaveTextContent(
        'Novosibirsk Oblast (set by an admin; by the number: Saint Petersburg) Use the region of the number',
      ),
    );
    // A region that is the number's own has nothing to clear.
    expect(
      screen.queryByRole('button', { name: 'Use the region of the number for +74951234567' }),
    ).not.toBeInTheDocument();
    api.listCompanyNumbers.mockResolvedValue([companyNumber()]);
    await user.click(
      within(row).getByRole('button', { name: 'Use the region of the number for +78121234567' }),
    );
    expect(api.updateCompanyNumber).toHaveBeenLastCalledWith(3, { region: null });
    await waitFor(() =>
      expect(
        screen.getByRole('rowheader', { name: '+78121234567' }).closest('tr')!,
      ).not.toHaveTextContent('set by an admin'),
    );
  });

  it('in Russian, the override and the action to clear it', async () => {
    const api = numbersApi();
    api.listCompanyNumbers.mockResolvedValue([
      companyNumber({ region: 'Новосибирская область', regionOverridden: true }),
    ]);
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api, language: 'ru' });
    expect(
      await screen.findByRole('button', { name: 'Использовать регион номера для +78121234567' }),
    ).toHaveTextContent('Использовать регион номера');
  });

  it('asks before deleting a number', async () => {
    const api = numbersApi();
    const { user } = renderNumbers(api);
    // The page also reads the company (return calls): a slow machine needs more than 1 s.
    const remove = await screen.findByRole(
      'button',
      { name: 'Delete +74951234567' },
      { timeout: 5000 },
    );
    await user.click(remove);
    const dialog = screen.getByRole('alertdialog', { name: 'Delete +74951234567?' });
    expect(dialog).toHaveTextContent('inbound calls to it stop reaching the company');
    await user.click(within(dialog).getByRole('button', { name: 'Yes, delete' }));
    expect(api.deleteCompanyNumber).toHaveBeenCalledWith(4);
  });

  it('reads the numbers again on a live event', async () => {
    const api = numbersApi();
    const { events } = renderNumbers(api);
    await screen.findByRole('rowheader', { name: '+78121234567' });
    api.listCompanyNumbers.mockResolvedValue([companyNumber({ id: 9, number: '+73832123456' })]);
    events.push({ type: 'company-numbers-changed' });
    expect(await screen.findByRole('rowheader', { name: '+73832123456' })).toBeInTheDocument();
  });

  it('return calls: the admin sets the period and the fallback employee, in words', async () => {
    const api = numbersApi();
    const { user } = renderNumbers(api);
    const form = await screen.findByRole('form', { name: 'Return calls' });
    const days = within(form).getByRole('textbox', {
      name: 'Return to the same employee for (days)',
    });
    await waitFor(() => expect(days).toHaveValue('30'));
    await user.clear(days);
    await user.type(days, '400');
    await user.click(within(form).getByRole('button', { name: 'Save return-call settings' }));
    expect(days).toHaveAccessibleDescription(/Enter a whole number of days from 1 to 365\./);
    expect(api.updateCompany).not.toHaveBeenCalled();

    await user.clear(days);
    await user.type(days, '14');
    await user.selectOptions(
      within(form).getByRole('combobox', { name: 'Fallback employee' }),
      'Ivan Sidorov',
    );
    await user.click(within(form).getByRole('button', { name: 'Save return-call settings' }));
    expect(api.updateCompany).toHaveBeenCalledWith({
      returnCalls: { days: 14, fallbackEmployeeId: 12 },
    });
    expect(await within(form).findByRole('status')).toHaveTextContent(
      'Return-call settings saved.',
    );
  });

  it('return calls in Russian', async () => {
    renderApp({ admin: true, adminPage: { name: 'numbers' }, api: numbersApi(), language: 'ru' });
    const form = await screen.findByRole('form', { name: 'Повторные звонки' });
    expect(within(form).getByRole('combobox', { name: 'Резервный сотрудник' })).toHaveDisplayValue(
      'Никто: звонящий услышит, что принять звонок некому',
    );
  });
});
