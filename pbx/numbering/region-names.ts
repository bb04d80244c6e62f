import { FEDERAL_SUBJECTS, type FederalSubject } from './subjects';

/**
 * How the registry's region strings become federal subjects. The files of different years write
 * one subject many ways (`г. Санкт-Петербург`, `Санкт - Петербург`, `Республика Удмуртская`,
 * `Ханты - Мансийский - Югра АО`) and add places (`Улан - Удэ |Республика Бурятия`). The rules
 * are data: abbreviations, aliases, places, rows with no subject, and per-code corrections.
 */

const KHMAO: FederalSubject = 'Ханты-Мансийский автономный округ — Югра';

/** Other spellings of a subject, and former subjects merged into today's (2005–2008). */
export const REGION_ALIASES: Readonly<Record<string, FederalSubject>> = {
  'Республика Татарстан (Татарстан)': 'Республика Татарстан',
  'Республика Саха /Якутия/': 'Республика Саха (Якутия)',
  'Республика Саха': 'Республика Саха (Якутия)',
  Якутия: 'Республика Саха (Якутия)',
  'Чувашская Республика - Чувашия': 'Чувашская Республика',
  'Кемеровская область - Кузбасс': 'Кемеровская область',
  'Кемеровская область - Кузбасс область': 'Кемеровская область',
  'Ханты-Мансийский автономный округ': KHMAO,
  'Ханты - Мансийский - Югра АО': KHMAO,
  'Северная Осетия - Алания': 'Республика Северная Осетия — Алания',
  'Донецкая Народная Республика (ДНР)': 'Донецкая Народная Республика',
  'Луганская Народная Республика (ЛНР)': 'Луганская Народная Республика',
  'Читинская область': 'Забайкальский край',
  'Агинский Бурятский автономный округ': 'Забайкальский край',
  'Камчатская область': 'Камчатский край',
  'Корякский автономный округ': 'Камчатский край',
  'Корякский округ': 'Камчатский край',
  'Пермская область': 'Пермский край',
  'Коми-Пермяцкий автономный округ': 'Пермский край',
  'Таймырский (Долгано-Ненецкий) автономный округ': 'Красноярский край',
  'Эвенкийский автономный округ': 'Красноярский край',
  'Усть-Ордынский Бурятский автономный округ': 'Иркутская область',
};

/**
 * Places some rows name instead of, or before, their subject: a row's most specific part that
 * names a subject wins, so `Нарьян - Мар |Архангельская область` is the Nenets okrug.
 */
export const REGION_PLACES: Readonly<Record<string, FederalSubject>> = {
  'Нарьян-Мар': 'Ненецкий автономный округ',
  Сургут: KHMAO,
  'Сургутский район': KHMAO,
  'Абзелиловский район': 'Республика Башкортостан',
  'Белорецкий район': 'Республика Башкортостан',
};

/** Rows that are recognised but belong to no single subject: they give no region. */
export const NO_SUBJECT: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^российская федерация(,.*)?$/, why: 'nationwide' },
  {
    pattern:
      /^(центральный|северо-западный|южный|северо-кавказский|приволжский|уральский|сибирский|дальневосточный) (регион|федеральный округ)$/,
    why: 'a macro-region of several subjects',
  },
  { pattern: /^байконур$/, why: 'Baikonur is leased from Kazakhstan, not a federal subject' },
];

/**
 * Tyumen Oblast contains two autonomous okrugs that are subjects of their own; the older ABC
 * files write the oblast for the okrugs' codes (346 Surgut, Khanty-Mansiysk; 349 Salekhard).
 */
export const CODE_CORRECTIONS: readonly {
  code: string;
  written: FederalSubject;
  subject: FederalSubject;
}[] = [
  { code: '346', written: 'Тюменская область', subject: KHMAO },
  { code: '349', written: 'Тюменская область', subject: 'Ямало-Ненецкий автономный округ' },
];

/** Abbreviations the registry uses, expanded in a lower-case key. */
const ABBREVIATIONS: readonly [RegExp, string][] = [
  [/(^|[\s-])обл\.?(?=[\s-]|$)/g, '$1область'],
  [/(^|[\s-])ао(?=[\s-]|$)/g, '$1автономный округ'],
  [/(^|[\s-])респ\.?(?=[\s-]|$)/g, '$1республика'],
  [/^(г\.|г |город )\s*/, ''],
];

/** The form names are compared in: lower case, ё as е, one kind of dash, no spaces around it. */
export function regionKey(name: string): string {
  let key = name
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  for (const [pattern, replacement] of ABBREVIATIONS) key = key.replace(pattern, replacement);
  return key.replace(/\s*-\s*/g, '-').trim();
}

const ORDER = new Map<string, number>(FEDERAL_SUBJECTS.map((name, index) => [name, index]));
const NAMES = new Map<string, FederalSubject>([
  ...FEDERAL_SUBJECTS.map((name) => [regionKey(name), name] as const),
  ...Object.entries(REGION_ALIASES).map(([alias, name]) => [regionKey(alias), name] as const),
  ...Object.entries(REGION_PLACES).map(([place, name]) => [regionKey(place), name] as const),
]);

/** One name: a subject, an alias or a place; `Республика Удмуртская` as `Удмуртская Республика`. */
function lookup(name: string): FederalSubject | undefined {
  const key = regionKey(name);
  const found = NAMES.get(key);
  if (found || !key.startsWith('республика ')) return found;
  return NAMES.get(`${key.slice('республика '.length)} республика`);
}

/** One `|` part: a name, or names joined by ` * ` or ` и ` (`Москва и Московская область`). */
function resolvePart(part: string): FederalSubject[] | undefined {
  const whole = lookup(part);
  if (whole) return [whole];
  const pieces = part.split(/\s+(?:\*|и)\s+/);
  if (pieces.length < 2) return undefined;
  const subjects = pieces.map(lookup);
  if (subjects.some((s) => s === undefined)) return undefined;
  return sortSubjects(subjects as FederalSubject[]);
}

function sortSubjects(subjects: FederalSubject[]): FederalSubject[] {
  return [...new Set(subjects)].sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
}

const cache = new Map<string, readonly FederalSubject[] | null>();

/**
 * The federal subjects a registry region string names, in FEDERAL_SUBJECTS order: one, or two
 * for a row like `г. Санкт-Петербург * Ленинградская область`; none for a row that names no
 * subject (NO_SUBJECT); undefined when the string is not understood, which is a bad row.
 * code (the ABC/DEF code of the row) applies CODE_CORRECTIONS.
 */
export function normaliseRegion(raw: string, code?: string): readonly FederalSubject[] | undefined {
  let subjects = cache.get(raw);
  if (subjects === undefined) {
    subjects = resolveRegion(raw) ?? null;
    cache.set(raw, subjects);
  }
  if (subjects === null) return undefined;
  const correction = CODE_CORRECTIONS.find(
    (c) => c.code === code && subjects.length === 1 && subjects[0] === c.written,
  );
  return correction ? [correction.subject] : subjects;
}

function resolveRegion(raw: string): FederalSubject[] | undefined {
  const parts = raw
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const part of parts) {
    const subjects = resolvePart(part);
    if (subjects) return subjects;
  }
  const noSubject = parts.some((part) => NO_SUBJECT.some((n) => n.pattern.test(regionKey(part))));
  return noSubject ? [] : undefined;
}
