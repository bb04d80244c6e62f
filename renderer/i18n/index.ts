import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../store';
import { desktopEn } from './desktop.en';
import { desktopRu } from './desktop.ru';
import { en } from './en';
import { ru } from './ru';

/** The desktop integration's strings live in files of their own, under `desktop.`. */
export const resources = {
  en: { translation: { ...en, desktop: desktopEn } },
  ru: { translation: { ...ru, desktop: desktopRu } },
} as const;

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
