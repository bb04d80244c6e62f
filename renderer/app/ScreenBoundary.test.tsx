import { screen } from '@testing-library/react';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as AdminList from '../features/admin/EmployeeList';
import type * as CallScreen from '../features/call/CallView';
import type * as DialerScreen from '../features/dialer/Dialer';
import { call, renderApp } from './test-utils';

/** Which screens throw while rendering in the current test. */
const broken = vi.hoisted(() => new Set<string>());
function failIf(screen: string) {
  if (broken.has(screen)) throw new Error(`${screen} broke`);
}

vi.mock('../features/dialer/Dialer', async (original) => {
  const real = await original<typeof DialerScreen>();
  return { ...real, Dialer: (props: never) => (failIf('phone'), real.Dialer(props)) };
});
vi.mock('../features/call/CallView', async (original) => {
  const real = await original<typeof CallScreen>();
  return { ...real, CallView: (props: never) => (failIf('call'), real.CallView(props)) };
});
vi.mock('../features/admin/EmployeeList', async (original) => {
  const real = await original<typeof AdminList>();
  return { ...real, EmployeeList: () => (failIf('admin'), real.EmployeeList()) };
});

describe('a screen that fails shows a sentence and a way back, not a blank window', () => {
  beforeAll(() => vi.spyOn(console, 'error').mockImplementation(() => {}));
  afterAll(() => vi.mocked(console.error).mockRestore());
  beforeEach(() => broken.clear());

  it('the phone: the sentence, the tabs and the status stay; "Show it again" brings it back', async () => {
    broken.add('phone');
    const { user } = renderApp();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Something went wrong on the phone screen. Your calls go on.',
    );
    expect(screen.getByRole('tab', { name: 'Admin' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Registered as 0462626');
    broken.clear();
    await user.click(screen.getByRole('button', { name: 'Show it again' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Call' })).toBeInTheDocument();
  });

  it('a call: its audio keeps playing, and "Hang up" ends it', async () => {
    broken.add('call');
    const { user, emit, adapter, container } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Something went wrong showing this call. The call goes on: show it again, or hang up.',
    );
    expect(screen.getByRole('status')).toHaveTextContent('Registered as 0462626');
    expect(container.querySelector('audio')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Hang up' }));
    expect(adapter.hangup).toHaveBeenCalledWith('c1');
  });

  it('the Admin tab: the sentence in Russian, and a way back to the employees', async () => {
    broken.add('admin');
    const { user, store } = renderApp({
      admin: true,
      language: 'ru',
      adminPage: { name: 'audit' },
    });
    store.getState().showAdminPage({ name: 'employees' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'На этой странице администрирования что-то пошло не так.',
    );
    expect(screen.getByRole('tab', { name: 'Телефон' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'К сотрудникам' }));
    expect(screen.getByRole('alert')).toBeInTheDocument();
    broken.clear();
    await user.click(screen.getByRole('button', { name: 'Показать снова' }));
    expect(screen.queryByText(/что-то пошло не так/)).not.toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Поиск сотрудников' })).toBeInTheDocument();
  });
});
