import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { detail } from '../../app/test-data';
import { employeePageApi, renderEmployeePage } from './employee-page-fakes';

const block = async () =>
  within(await screen.findByRole('region', { name: 'Settings for an IP phone' }));

describe('credentials block', () => {
  it('shows what an IP phone needs, never a password', async () => {
    renderEmployeePage();
    const b = await block();
    await b.findByText('acme.pbx.example.com');
    expect(b.getByText('pbx.example.com')).toBeInTheDocument();
    expect(b.getByText('0462626')).toBeInTheDocument();
    expect(b.getByText(/UDP 5060 · TCP 5060 · TLS 5061 · WS 8080 · WSS off/)).toBeInTheDocument();
    expect(b.queryByLabelText('New password')).not.toBeInTheDocument();
  });

  it('resets the password and shows the new one once, with a copy button', async () => {
    const api = employeePageApi();
    api.resetPassword.mockResolvedValue({ password: 'N3w-pass-word', mail: null });
    const { user } = renderEmployeePage(api);
    const b = await block();
    await user.click(b.getByRole('button', { name: 'Reset password' }));
    const confirm = b.getByRole('alertdialog', { name: 'Reset the password of Olga Petrova?' });
    expect(confirm).toHaveAccessibleDescription(
      'The devices registered on 0462626 are signed out at once and work again only with the new password.',
    );
    expect(api.resetPassword).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole('button', { name: 'Yes, reset' }));
    expect(api.resetPassword).toHaveBeenCalledWith(11, { sendEmail: false });
    const shown = await b.findByLabelText('New password');
    expect(shown).toHaveValue('N3w-pass-word');
    expect(b.getByText('Copy it now: it will not be shown again.')).toBeVisible();
    await user.click(b.getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('N3w-pass-word');
    await waitFor(() => expect(api.credentials).toHaveBeenCalledTimes(1));
  });

  it('e-mails it to the employee when asked, and says where it went', async () => {
    const api = employeePageApi();
    api.resetPassword.mockResolvedValue({
      password: 'N3w-pass-word',
      mail: { to: 'olga@example.com', via: 'smtp' },
    });
    const { user } = renderEmployeePage(api);
    const b = await block();
    const mail = b.getByRole('checkbox', { name: 'E-mail it to the employee' });
    expect(mail).toHaveAccessibleDescription('It goes to olga@example.com.');
    await user.click(mail);
    await user.click(b.getByRole('button', { name: 'Reset password' }));
    await user.click(b.getByRole('button', { name: 'Yes, reset' }));
    expect(api.resetPassword).toHaveBeenCalledWith(11, { sendEmail: true });
    expect(await b.findByText('Sent to olga@example.com.')).toBeVisible();
    expect(b.getByLabelText('New password')).toHaveValue('N3w-pass-word');
  });

  it('keeps the password when the admin cancels the reset', async () => {
    const api = employeePageApi();
    const { user } = renderEmployeePage(api);
    const b = await block();
    await user.click(b.getByRole('button', { name: 'Reset password' }));
    await user.click(b.getByRole('button', { name: 'Cancel' }));
    expect(b.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.resetPassword).not.toHaveBeenCalled();
  });

  it('cannot e-mail an employee without an address, and says so', async () => {
    const api = employeePageApi();
    api.getEmployee.mockResolvedValue(detail({ email: null }));
    renderEmployeePage(api);
    const mail = (await block()).getByRole('checkbox', { name: 'E-mail it to the employee' });
    expect(mail).toBeDisabled();
    expect(mail).toHaveAccessibleDescription(
      'The employee has no e-mail address: add one above to send passwords.',
    );
  });

  it('says when mail is not configured and the message goes to the outbox folder', async () => {
    const api = employeePageApi();
    api.company.mockResolvedValue({
      id: 7,
      name: 'Acme',
      mailConfigured: false,
      announcementLanguage: 'ru' as const,
      returnCalls: { days: 30, fallbackEmployeeId: null },
    });
    api.resetPassword.mockResolvedValue({
      password: 'N3w-pass-word',
      mail: { to: 'olga@example.com', via: 'file' },
    });
    const { user } = renderEmployeePage(api);
    const b = await block();
    const mail = b.getByRole('checkbox', { name: 'E-mail it to the employee' });
    await waitFor(() =>
      expect(mail).toHaveAccessibleDescription(
        /Mail is not configured on this PBX: messages are saved in the PBX’s outbox folder instead of sent\./,
      ),
    );
    await user.click(mail);
    await user.click(b.getByRole('button', { name: 'Reset password' }));
    await user.click(b.getByRole('button', { name: 'Yes, reset' }));
    expect(
      await b.findByText(
        'Mail is not configured: the message to olga@example.com is saved in the PBX’s outbox folder.',
      ),
    ).toBeVisible();
  });
});
