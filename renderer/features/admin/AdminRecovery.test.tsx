import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError } from '../../app/test-data';
import { fakeApi, fakeHost, renderApp } from '../../app/test-utils';

const host = () => fakeHost({ server: 'pbx.example.com', sipNumber: '0462626' });

describe('"Forgot password?" on the admin sign-in', () => {
  it('mails a code, then the code and a new password change it; back at sign-in it says so', async () => {
    const api = fakeApi({
      adminRecovery: async () => ({ byEmail: true }),
      forgotAdminPassword: async () => undefined,
      resetAdminPassword: async () => ({ email: 'boss@example.com' }),
    });
    const { user } = renderApp({ signedIn: false, tab: 'admin', api, host: host() });
    await user.type(await screen.findByLabelText('E-mail'), 'boss@example.com');
    await user.click(screen.getByRole('button', { name: 'Forgot password?' }));
    expect(screen.getByLabelText('E-mail')).toHaveValue('boss@example.com');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Send the code' })).toBeEnabled(),
    );
    await user.click(screen.getByRole('button', { name: 'Send the code' }));
    expect(api.forgotAdminPassword).toHaveBeenCalledWith({ email: 'boss@example.com' });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'If boss@example.com belongs to an administrator, a code is on its way.',
    );

    await user.type(screen.getByLabelText('Code from the e-mail'), '1.2.abc');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(
      /The new password needs at least 12 characters\./,
    );
    await user.clear(screen.getByLabelText('New password'));
    await user.type(screen.getByLabelText('New password'), 'a long new password');
    await user.type(screen.getByLabelText('New password again'), 'a long new password!');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(screen.getByText('The two passwords differ.')).toBeInTheDocument();
    expect(api.resetAdminPassword).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('New password'), '!');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(api.resetAdminPassword).toHaveBeenCalledWith({
      code: '1.2.abc',
      password: 'a long new password!',
    });
    expect(
      await screen.findByText('Your password was changed. Sign in with the new one.'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('E-mail')).toHaveValue('boss@example.com');
  });

  it('a code the PBX refuses is said in words', async () => {
    const api = fakeApi({
      adminRecovery: async () => ({ byEmail: true }),
      resetAdminPassword: async () => {
        throw apiError.fields([{ path: 'code', message: 'this reset code is wrong' }]);
      },
    });
    const { user, store } = renderApp({ signedIn: false, tab: 'admin', api, host: host() });
    // The e-mail's link: the code comes with the page.
    act(() => store.setState({ adminResetCode: '1.2.abc' }));
    await user.type(await screen.findByLabelText('New password'), 'a long new password');
    await user.type(screen.getByLabelText('New password again'), 'a long new password');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(
      await screen.findByText('This code is wrong, already used or expired. Ask for a new one.'),
    ).toBeInTheDocument();
  });

  it('where the PBX sends no e-mail, says whom to ask', async () => {
    const api = fakeApi({ adminRecovery: async () => ({ byEmail: false }) });
    const { user } = renderApp({ signedIn: false, tab: 'admin', api, host: host() });
    await user.click(await screen.findByRole('button', { name: 'Forgot password?' }));
    expect(await screen.findByText(/This PBX does not send e-mail/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Back to sign-in' }));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
