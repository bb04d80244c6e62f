import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiError, detail, summary } from '../../app/test-data';
import { fakeApi, renderApp } from '../../app/test-utils';

const olga = summary();
const ivan = summary({
  id: 12,
  name: 'Ivan Sidorov',
  email: null,
  sipNumber: '0111111',
  devices: 0,
  enabled: false,
});

/** The Admin tab on the employee list; the list answers both employees unless set already. */
function renderList(api = fakeApi(), listed = true) {
  if (listed) api.listEmployees.mockResolvedValue({ items: [olga, ivan], total: 2 });
  return renderApp({ admin: true, api });
}

describe('employee list', () => {
  it('lists employees with their number, devices and state', async () => {
    renderList();
    const row = (await screen.findByRole('button', { name: 'Olga Petrova' })).closest('tr')!;
    expect(row).toHaveTextContent('0462626');
    expect(row).toHaveTextContent('2');
    expect(row).toHaveTextContent('On');
    const other = screen.getByRole('button', { name: 'Ivan Sidorov' }).closest('tr')!;
    expect(other).toHaveTextContent('Off');
  });

  it('searches once typing pauses', async () => {
    const api = fakeApi();
    api.listEmployees.mockResolvedValue({ items: [olga], total: 1 });
    const { user } = renderList(api, false);
    await screen.findByRole('button', { name: 'Olga Petrova' });
    // Pasted, so the keystrokes cannot straddle the 300 ms pause on a loaded machine.
    await user.click(screen.getByRole('searchbox', { name: 'Search employees' }));
    await user.paste('olg');
    await waitFor(() =>
      expect(api.listEmployees).toHaveBeenLastCalledWith({ search: 'olg', offset: 0, limit: 50 }),
    );
    expect(api.listEmployees).toHaveBeenCalledTimes(2);
  });

  it('pages when there are more than fit', async () => {
    const api = fakeApi();
    api.listEmployees.mockResolvedValue({ items: [olga], total: 120 });
    const { user } = renderList(api, false);
    const pages = await screen.findByRole('navigation', { name: 'Employee pages' });
    expect(pages).toHaveTextContent('1–50 of 120');
    expect(within(pages).getByRole('button', { name: 'Previous' })).toBeDisabled();
    await user.click(within(pages).getByRole('button', { name: 'Next' }));
    // The next page is asked for and shown once it arrives (later on a loaded machine).
    await waitFor(() =>
      expect(api.listEmployees).toHaveBeenLastCalledWith({ offset: 50, limit: 50 }),
    );
    await waitFor(() =>
      expect(screen.getByRole('navigation', { name: 'Employee pages' })).toHaveTextContent(
        '51–100 of 120',
      ),
    );
  });

  it('creates an employee and shows the password once, with a copy button', async () => {
    const api = fakeApi({
      createEmployee: async () => ({
        employee: detail({ id: 20, name: 'Anna Smirnova', email: null }, { number: '0777777' }),
        password: 'Xq7-secret-pw',
      }),
    });
    const { user } = renderList(api);
    await user.click(await screen.findByRole('button', { name: 'New employee' }));
    await user.type(screen.getByLabelText('Name'), 'Anna Smirnova');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(api.createEmployee).toHaveBeenCalledWith({
      name: 'Anna Smirnova',
      email: undefined,
      sendEmail: false,
    });
    expect(
      await screen.findByText('Anna Smirnova is added with SIP number 0777777.'),
    ).toBeVisible();
    const password = screen.getByLabelText('New password');
    expect(password).toHaveValue('Xq7-secret-pw');
    expect(password).toHaveTextContent('Xq7-secret-pw');
    expect(password).toHaveAccessibleDescription('Copy it now: it will not be shown again.');
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('Xq7-secret-pw');
    expect(screen.getByText('Copied.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
    expect(screen.queryByText('Xq7-secret-pw')).not.toBeInTheDocument();
  });

  it('e-mails the first credentials in the same step when asked, and says where they went', async () => {
    const api = fakeApi({
      createEmployee: vi.fn(async () => ({
        employee: detail(
          { id: 21, name: 'Anna', email: 'anna@example.com' },
          { number: '0777778' },
        ),
        password: 'Xq7-secret-pw',
        mail: { to: 'anna@example.com', via: 'smtp' as const },
      })),
    });
    const { user } = renderList(api);
    await user.click(await screen.findByRole('button', { name: 'New employee' }));
    const send = screen.getByRole('checkbox', {
      name: 'E-mail the SIP number and password to the employee',
    });
    expect(send).toBeDisabled();
    await user.type(screen.getByLabelText('Name'), 'Anna');
    await user.type(screen.getByLabelText('E-mail (optional)'), 'anna@example.com');
    await user.click(send);
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(api.createEmployee).toHaveBeenCalledWith({
      name: 'Anna',
      email: 'anna@example.com',
      sendEmail: true,
    });
    expect(await screen.findByText('Sent to anna@example.com.')).toBeVisible();
    expect(screen.getByLabelText('New password')).toHaveValue('Xq7-secret-pw');
  });

  it('says what is wrong with a new employee, locally and from a 400', async () => {
    const api = fakeApi({
      createEmployee: vi
        .fn()
        .mockRejectedValue(
          apiError.fields([{ path: 'email', message: 'not a valid e-mail address' }]),
        ),
    });
    const { user } = renderList(api);
    await user.click(await screen.findByRole('button', { name: 'New employee' }));
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(
      'Enter a name of at most 200 characters.',
    );
    expect(api.createEmployee).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText('Name'), 'Anna');
    await user.type(screen.getByLabelText('E-mail (optional)'), 'anna@example.com');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This is not an e-mail address. Enter one such as olga@example.com.',
    );
    expect(screen.getByLabelText('E-mail (optional)')).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks before deleting, naming the SIP number and its devices', async () => {
    const api = fakeApi({ deleteEmployee: async () => {} });
    const { user } = renderList(api);
    const row = (await screen.findByRole('button', { name: 'Olga Petrova' })).closest('tr')!;
    const remove = within(row).getByRole('button', { name: 'Delete' });
    expect(remove).toHaveAccessibleDescription('Olga Petrova');
    await user.click(remove);
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Olga Petrova?' });
    expect(dialog).toHaveTextContent(
      'The SIP number 0462626 goes too, and its devices (2 now) are signed out at once.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.deleteEmployee).not.toHaveBeenCalled();
    await user.click(remove);
    await user.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(api.deleteEmployee).toHaveBeenCalledWith(11);
    await waitFor(() => expect(api.listEmployees).toHaveBeenCalledTimes(2));
  });

  it('reads the list again on a live event, without a reload', async () => {
    const api = fakeApi();
    api.listEmployees
      .mockResolvedValueOnce({ items: [olga], total: 1 })
      .mockResolvedValue({ items: [olga, ivan], total: 2 });
    const { events } = renderList(api, false);
    await screen.findByRole('button', { name: 'Olga Petrova' });
    expect(events.subscribe).toHaveBeenCalledWith(
      'https://pbx.test',
      'admin-token',
      expect.any(Function),
      expect.any(Object),
    );
    events.push({ type: 'employees-changed' });
    expect(await screen.findByRole('button', { name: 'Ivan Sidorov' })).toBeInTheDocument();
  });

  it('opens an employee’s page from the list', async () => {
    const api = fakeApi({ getEmployee: async () => detail() });
    const { user } = renderList(api);
    await user.click(await screen.findByRole('button', { name: 'Olga Petrova' }));
    expect(await screen.findByRole('heading', { name: 'Olga Petrova' })).toBeInTheDocument();
    expect(api.getEmployee).toHaveBeenCalledWith(11);
    await act(async () => {});
  });
});
