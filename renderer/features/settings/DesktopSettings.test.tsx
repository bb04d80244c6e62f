import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../app/test-utils';
import { desktopHost, TAKEN_ACCELERATOR } from '../desktop/fake-desktop';

async function openSettings(options: Parameters<typeof renderApp>[0] = {}) {
  const host = desktopHost();
  const app = renderApp({ host, ...options });
  await app.user.click(screen.getByRole('button', { name: /Settings|Настройки/ }));
  return { ...app, desktop: host.desktop };
}

const field = (name: string) => screen.getByRole('textbox', { name });

describe('global shortcuts (desktop app)', () => {
  it('refuses what is not a shortcut, in words, before asking main', async () => {
    const { user, desktop } = await openSettings();
    await user.type(field('Answer a call'), 'A');
    await user.type(field('Hang up'), 'Ctrl+Alt+Hyper');
    await user.click(screen.getByRole('button', { name: 'Apply shortcuts' }));
    expect(field('Answer a call')).toHaveAttribute('aria-invalid', 'true');
    expect(field('Answer a call')).toHaveAccessibleDescription(
      'A letter or digit needs Ctrl, Alt, Cmd or Super: it is used for typing.',
    );
    expect(field('Hang up')).toHaveAccessibleDescription(
      'A part of it is not a key or a modifier (write the + key as “Plus”).',
    );
    expect(desktop.setHotkeys).not.toHaveBeenCalled();
  });

  it('registers good ones through main and keeps them; says which are in use or doubled', async () => {
    const { user, desktop, store } = await openSettings();
    await user.type(field('Answer a call'), 'ctrl+alt+a');
    await user.type(field('Hang up'), 'F9');
    await user.click(screen.getByRole('button', { name: 'Apply shortcuts' }));
    expect(desktop.setHotkeys).toHaveBeenCalledWith({ answer: 'Control+Alt+A', hangUp: 'F9' });
    expect(await screen.findByText('On: Control+Alt+A.')).toBeInTheDocument();
    expect(field('Hang up')).toHaveAccessibleDescription('On: F9.');
    expect(field('Answer a call')).toHaveValue('Control+Alt+A');
    expect(store.getState().settings.hotkeys).toEqual({ answer: 'Control+Alt+A', hangUp: 'F9' });

    await user.clear(field('Answer a call'));
    await user.type(field('Answer a call'), TAKEN_ACCELERATOR);
    await user.clear(field('Hang up'));
    await user.click(screen.getByRole('button', { name: 'Apply shortcuts' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Another program already uses this shortcut.',
    );
    expect(store.getState().settings.hotkeys).toEqual({ answer: TAKEN_ACCELERATOR });

    await user.type(field('Hang up'), TAKEN_ACCELERATOR.toLowerCase());
    await user.clear(field('Answer a call'));
    await user.type(field('Answer a call'), 'Ctrl+Alt+Q');
    await user.clear(field('Hang up'));
    await user.type(field('Hang up'), 'Control+Alt+Q');
    await user.click(screen.getByRole('button', { name: 'Apply shortcuts' }));
    expect(await screen.findAllByRole('alert')).toHaveLength(2);
    expect(field('Hang up')).toHaveAccessibleDescription(
      'Answering and hanging up need different shortcuts.',
    );
  });

  it('in Russian', async () => {
    const { user } = await openSettings({ language: 'ru' });
    await user.type(screen.getByRole('textbox', { name: 'Ответить на звонок' }), 'Ctrl+Alt');
    await user.click(screen.getByRole('button', { name: 'Применить сочетания' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Добавьте клавишу к модификаторам, например Ctrl+Alt+A.',
    );
  });
});

describe('close to tray (desktop app)', () => {
  it('shows main’s preference and saves a change', async () => {
    const { user, desktop } = await openSettings();
    const box = await screen.findByRole('checkbox', {
      name: 'Keep running in the tray when the window is closed',
    });
    expect(box).toBeChecked();
    await user.click(box);
    expect(desktop.savePreferences).toHaveBeenCalledWith({ closeToTray: false });
    expect(box).not.toBeChecked();
  });

  it('the browser has neither shortcuts nor a tray', async () => {
    const { user } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    expect(screen.queryByRole('heading', { name: 'Desktop app' })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Answer a call' })).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Do not disturb on this device' })).toBeVisible();
  });
});
