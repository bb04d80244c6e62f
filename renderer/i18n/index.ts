import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../store';
import { en } from './en';
import { ru } from './ru';

export const resources = { en: { translation: en }, ru: { translation: ru } } as const;

/** One i18next instance per app (tests render several), ready synchronously. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
