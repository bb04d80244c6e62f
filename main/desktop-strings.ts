import type { UiLanguage } from '../shared/desktop/desktop-state';

/** The few words main shows itself: the tray and the buttons of a call notification. */
export interface DesktopStrings {
  show: string;
  doNotDisturb: string;
  quit: string;
  answer: string;
  decline: string;
  /** The tray's tooltip in each state. */
  registered: string;
  unregistered: string;
  doNotDisturbOn: string;
}

/** Main's words in each UI language (the renderer's i18next tables hold the rest). */
export const DESKTOP_STRINGS: Readonly<Record<UiLanguage, DesktopStrings>> = {
  en: {
    show: 'Show Softphone',
    doNotDisturb: 'Do not disturb',
    quit: 'Quit',
    answer: 'Answer',
    decline: 'Decline',
    registered: 'Softphone: online',
    unregistered: 'Softphone: not registered',
    doNotDisturbOn: 'Softphone: do not disturb',
  },
  ru: {
    show: 'Показать Softphone',
    doNotDisturb: 'Не беспокоить',
    quit: 'Выйти',
    answer: 'Ответить',
    decline: 'Отклонить',
    registered: 'Softphone: в сети',
    unregistered: 'Softphone: не зарегистрирован',
    doNotDisturbOn: 'Softphone: не беспокоить',
  },
};

/** The UI language for a system locale before the renderer says which one it shows. */
export function languageOfLocale(locale: string): UiLanguage {
  return /^ru(?:[-_]|$)/i.test(locale) ? 'ru' : 'en';
}
