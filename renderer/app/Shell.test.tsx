import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { call, renderApp } from './test-utils';

describe('tabs', () => {
  it('shows Phone and Admin as ARIA tabs, Phone first, and switches by click and keys', async () => {
    const { user } = renderApp({ signedIn: false });
    const list = screen.getByRole('tablist');
    const [phone, admin] = within(list).getAllByRole('tab');
    expect(phone).toHaveAccessibleName('Phone');
    expect(admin).toHaveAccessibleName('Admin');
    expect(phone).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Phone' })).toContainElement(
      screen.getByRole('heading', { name: 'Sign in' }),
    );
    await user.click(admin!);
    expect(admin).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Admin' })).toContainElement(
      screen.getByRole('heading', { name: 'Administrator sign-in' }),
    );
    expect(screen.queryByLabelText('SIP number or user name')).not.toBeInTheDocument();
    await user.keyboard('{ArrowLeft}');
    expect(phone).toHaveAttribute('aria-selected', 'true');
    expect(phone).toHaveFocus();
    await user.keyboard('{End}');
    expect(admin).toHaveFocus();
  });

  it('keeps the phone and its call going on the Admin tab', async () => {
    const { user, emit, adapter, container } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    const audio = container.querySelector('audio');
    expect(audio).not.toBeNull();
    await user.click(screen.getByRole('tab', { name: 'Admin' }));
    expect(screen.queryByRole('button', { name: 'Hang up' })).not.toBeInTheDocument();
    expect(container.querySelector('audio')).toBe(audio);
    expect(adapter.stop).not.toHaveBeenCalled();
    await user.click(screen.getByRole('tab', { name: 'Phone' }));
    expect(screen.getByRole('button', { name: 'Hang up' })).toBeInTheDocument();
  });

  it('brings the Phone tab back when a call rings', async () => {
    const { user, emit, tones } = renderApp();
    await user.click(screen.getByRole('tab', { name: 'Admin' }));
    emit((sink) => sink.callAdded(call({ direction: 'incoming', state: 'ringing' })));
    expect(screen.getByRole('tab', { name: 'Phone' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('button', { name: 'Answer' })).toBeVisible();
    expect(tones.play).toHaveBeenCalledWith('ringtone');
  });

  it('asks before signing out during a call; Cancel keeps the call', async () => {
    const { user, emit, adapter } = renderApp();
    emit((sink) => sink.callAdded(call({ state: 'connected', connectedAt: Date.now() })));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    const question = screen.getByRole('alertdialog', { name: 'Sign out during a call?' });
    expect(question).toHaveTextContent('Signing out ends the calls in progress on this device.');
    await user.keyboard('{Escape}');
    expect(adapter.hangup).not.toHaveBeenCalled();
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(adapter.stop).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(screen.getByRole('button', { name: 'Sign out and end calls' }));
    expect(adapter.stop).toHaveBeenCalled();
  });

  it('signs out at once when no call is in progress', async () => {
    const { user, adapter } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(adapter.stop).toHaveBeenCalled();
  });

  it('names the tabs in Russian', () => {
    renderApp({ language: 'ru' });
    expect(screen.getByRole('tab', { name: 'Телефон' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Администрирование' })).toBeInTheDocument();
  });
});
