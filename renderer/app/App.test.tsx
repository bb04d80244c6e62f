import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../store';
import { call, renderApp } from './test-utils';

describe('language', () => {
  it('follows navigator.language: ru* is Russian, the rest English', () => {
    expect(['ru', 'ru-RU', 'RU_ru', 'en-US', 'de', undefined].map(detectLanguage)).toEqual([
      'ru',
      'ru',
      'ru',
      'en',
      'en',
      'en',
    ]);
  });

  it('shows the sign-in screen in Russian', async () => {
    const { user } = renderApp({ language: 'ru', signedIn: false });
    expect(screen.getByRole('heading', { name: 'Вход' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Войти' }));
    expect(screen.getByText('Введите адрес сервера.')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ru');
  });

  it('shows calls, refusals and the dialer in Russian', async () => {
    const { emit, user } = renderApp({ language: 'ru' });
    expect(screen.getByRole('status')).toHaveTextContent('Зарегистрирован как 0462626');
    await user.type(screen.getByRole('textbox', { name: 'Номер для звонка' }), 'abc{Enter}');
    expect(screen.getByRole('alert')).toHaveTextContent('«abc» — не номер.');
    emit((sink) => sink.callAdded(call({ direction: 'incoming', state: 'ringing' })));
    expect(screen.getByRole('button', { name: 'Ответить' })).toBeInTheDocument();
    emit((sink) =>
      sink.callChanged('c1', { state: 'ended', endReason: 'refused', refusal: 'channels-full' }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Все линии номера заняты.');
  });

  it('switches language in settings, and keeps the choice', async () => {
    const { user, store } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'ru');
    expect(screen.getByRole('heading', { name: 'Настройки' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Назад' })).toBeInTheDocument();
    expect(store.getState().settings.language).toBe('ru');
  });
});

describe('settings', () => {
  it('DTMF method and ICE servers go into the next start()', async () => {
    const { user, store } = renderApp();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Tones (DTMF) are sent' }),
      'info',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'STUN/TURN servers' }),
      'stun:stun.example.com:3478{Enter}turn:turn.example.com alice pw',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('Saved.')).toBeInTheDocument();
    expect(store.getState().settings).toMatchObject({
      dtmfMethod: 'info',
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: 'turn:turn.example.com', username: 'alice', credential: 'pw' },
      ],
    });
  });
});
