import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { adminSession, apiError } from '../../app/test-data';
import { fakeApi, fakeHost, renderApp } from '../../app/test-utils';

const openAdmin = (options: Parameters<typeof renderApp>[0] = {}) =>
  renderApp({ signedIn: false, tab: 'admin', ...options });

async function signIn(user: ReturnType<typeof renderApp>['user'], email: string, password: string) {
  if (email) await user.type(screen.getByLabelText('E-mail'), email);
  if (password) await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('admin sign-in', () => {
  it('offers the phone account’s server, signs in and shows the console', async () => {
    const api = fakeApi({ signInAdmin: async () => adminSession() });
    api.listEmployees.mockResolvedValue({ items: [], total: 0 });
    const host = fakeHost({ server: 'pbx.example.com:8080', sipNumber: '0462626' });
    const { user, apiFactory, store } = openAdmin({ api, host });
    const server = screen.getByLabelText('Server');
    await waitFor(() => expect(server).toHaveValue('pbx.example.com:8080'));
    await signIn(user, 'boss@example.com', 'secret');
    expect(await screen.findByRole('heading', { name: 'Employees' })).toBeInTheDocument();
    expect(apiFactory).toHaveBeenCalledWith('http://pbx.example.com:8080');
    expect(api.signInAdmin).toHaveBeenCalledWith({ email: 'boss@example.com', password: 'secret' });
    expect(host.saveAdminAccount).toHaveBeenCalledWith({
      server: 'pbx.example.com:8080',
      email: 'boss@example.com',
    });
    expect(store.getState().admin.session?.token).toBe('admin-token');
    expect(screen.getByText('Acme')).toBeInTheDocument();
  });

  it('says what is missing, and does not call the server', async () => {
    const api = fakeApi();
    const { user } = openAdmin({ api });
    await signIn(user, '', '');
    expect(screen.getByText('Enter the server address.')).toBeInTheDocument();
    expect(screen.getByLabelText('E-mail')).toHaveAccessibleDescription(
      'Enter your e-mail address.',
    );
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.');
    expect(api.signInAdmin).not.toHaveBeenCalled();
  });

  it.each([
    ['a wrong password (401)', apiError.unauthorized(), 'Wrong e-mail or password.'],
    [
      'too many attempts (429) with Retry-After',
      apiError.tooMany(290),
      'Too many attempts. Try again in 5 min.',
    ],
    [
      'too many attempts (429) without Retry-After',
      apiError.tooMany(),
      'Too many attempts. Try again in a few minutes.',
    ],
    [
      'a server it cannot reach',
      apiError.network(),
      'Cannot reach the server pbx.test. Check the address and your connection, then try again.',
    ],
  ])('puts %s in words', async (_what, error, sentence) => {
    const api = fakeApi({ signInAdmin: vi.fn().mockRejectedValue(error) });
    const { user } = openAdmin({ api, host: { ...fakeHost(), defaultServer: 'pbx.test' } });
    await signIn(user, 'boss@example.com', 'bad');
    expect(await screen.findByRole('alert')).toHaveTextContent(sentence);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('shows a 400’s field problems next to the fields', async () => {
    const api = fakeApi({
      signInAdmin: vi
        .fn()
        .mockRejectedValue(apiError.fields([{ path: 'email', message: 'e-mail is required' }])),
    });
    const { user } = openAdmin({ api, host: { ...fakeHost(), defaultServer: 'pbx.test' } });
    await signIn(user, ' ', 'pw');
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter your e-mail address.');
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('aria-invalid', 'true');
  });

  it('offers "remember me" only where the host keeps passwords', async () => {
    openAdmin({ host: { ...fakeHost(), defaultServer: 'pbx.test' } });
    await waitFor(() => expect(screen.getByLabelText('Server')).toHaveValue('pbx.test'));
    expect(screen.queryByLabelText(/Remember password/)).not.toBeInTheDocument();
  });

  it('keeps the password where the host can, when asked', async () => {
    const api = fakeApi({ signInAdmin: async () => adminSession() });
    const host = { ...fakeHost(undefined, true), defaultServer: 'pbx.test' };
    const { user } = openAdmin({ api, host });
    await user.click(await screen.findByLabelText(/Remember password/));
    await signIn(user, 'boss@example.com', 'secret');
    await waitFor(() =>
      expect(host.saveAdminAccount).toHaveBeenCalledWith({
        server: 'pbx.test',
        email: 'boss@example.com',
        password: 'secret',
      }),
    );
  });

  it('signs in by itself with a password the host kept', async () => {
    const api = fakeApi({ signInAdmin: async () => adminSession() });
    api.listEmployees.mockResolvedValue({ items: [], total: 0 });
    const host = fakeHost(undefined, true, {
      server: 'pbx.example.com',
      email: 'boss@example.com',
      password: 'kept',
    });
    openAdmin({ api, host });
    expect(await screen.findByRole('heading', { name: 'Employees' })).toBeInTheDocument();
    expect(api.signInAdmin).toHaveBeenCalledWith({ email: 'boss@example.com', password: 'kept' });
  });

  it('signs out: revokes the session, keeps server and e-mail, drops the password', async () => {
    const api = fakeApi({ signOut: async () => {} });
    api.listEmployees.mockResolvedValue({ items: [], total: 0 });
    const { user, host, apiFactory } = openAdmin({ api, admin: true });
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Administrator sign-in' })).toBeVisible();
    expect(api.signOut).toHaveBeenCalled();
    expect(apiFactory).toHaveBeenCalledWith('https://pbx.test', 'admin-token');
    expect(host.saveAdminAccount).toHaveBeenCalledWith({
      server: 'pbx.test',
      email: 'boss@example.com',
    });
  });

  it('goes back to the sign-in, saying so, when the session has expired', async () => {
    const api = fakeApi({ listEmployees: vi.fn().mockRejectedValue(apiError.unauthorized()) });
    openAdmin({ api, admin: true });
    expect(await screen.findByText('Your session has ended. Sign in again.')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
