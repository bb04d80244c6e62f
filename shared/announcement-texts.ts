/**
 * What callers hear when the PBX refuses their call (SPEC §3 Announcements), in the company's
 * language. `scripts/make-call-announcements.ts` records each sentence once with espeak-ng into
 * `assets/announcements/<language>/<clip>.wav`; the PBX plays them (pbx/media/announcements.ts).
 * A return date is said in pieces: `absent-until`, then the day and month clips in the order
 * the language says a date ("пятнадцатого января", "January fifteenth").
 */
export type AnnouncementLanguage = 'ru' | 'en';
export const ANNOUNCEMENT_LANGUAGES: readonly AnnouncementLanguage[] = ['ru', 'en'];

/** The sentences an admin may replace with a recording of their own. */
export type AnnouncementSentence = 'absent' | 'absent-until' | 'disabled' | 'busy' | 'no-answer';
export const ANNOUNCEMENT_SENTENCES: readonly AnnouncementSentence[] = [
  'absent',
  'absent-until',
  'disabled',
  'busy',
  'no-answer',
];

export const ANNOUNCEMENT_TEXTS: Record<
  AnnouncementLanguage,
  Record<AnnouncementSentence, string>
> = {
  ru: {
    absent: 'Сотрудник, которому вы звоните, сейчас отсутствует. Пожалуйста, позвоните позже.',
    'absent-until': 'Сотрудник, которому вы звоните, отсутствует и вернётся',
    disabled: 'Номер, который вы набрали, отключён.',
    busy: 'Сотрудник сейчас занят на всех линиях. Пожалуйста, позвоните позже.',
    'no-answer': 'Сотрудник не отвечает. Пожалуйста, позвоните позже.',
  },
  en: {
    absent: 'The employee you are calling is away. Please call again later.',
    'absent-until': 'The employee you are calling is away and will be back on',
    disabled: 'The number you have dialled is disabled.',
    busy: 'The employee is busy on all lines. Please call again later.',
    'no-answer': 'The employee is not answering. Please call again later.',
  },
};

const RU_DAYS = [
  'первого',
  'второго',
  'третьего',
  'четвёртого',
  'пятого',
  'шестого',
  'седьмого',
  'восьмого',
  'девятого',
  'десятого',
  'одиннадцатого',
  'двенадцатого',
  'тринадцатого',
  'четырнадцатого',
  'пятнадцатого',
  'шестнадцатого',
  'семнадцатого',
  'восемнадцатого',
  'девятнадцатого',
  'двадцатого',
];
const EN_DAYS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
];

/** The ordinal of a day of the month (1..31) as a date says it. */
export function dayWords(language: AnnouncementLanguage, day: number): string {
  const [units, twenty, thirty] =
    language === 'ru' ? [RU_DAYS, 'двадцать', 'тридцать'] : [EN_DAYS, 'twenty', 'thirty'];
  if (day <= 20) return units[day - 1]!;
  if (day === 30) return language === 'ru' ? 'тридцатого' : 'thirtieth';
  const tens = day > 30 ? thirty : twenty;
  return language === 'ru'
    ? `${tens} ${units[(day % 10) - 1]}`
    : `${tens}-${units[(day % 10) - 1]}`;
}

/** Month names as a date says them (Russian: genitive). */
export const MONTH_WORDS: Record<AnnouncementLanguage, readonly string[]> = {
  ru: [
    'января',
    'февраля',
    'марта',
    'апреля',
    'мая',
    'июня',
    'июля',
    'августа',
    'сентября',
    'октября',
    'ноября',
    'декабря',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};
