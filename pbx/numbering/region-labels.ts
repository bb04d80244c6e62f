import { normaliseRegion, regionKey } from './region-names';
import { FEDERAL_SUBJECTS, type FederalSubject } from './subjects';

/**
 * The English name of every federal subject (SPEC §3: region names are shown and accepted in
 * Russian and English). The Russian name is the canonical one the store keeps.
 */
export const REGION_ENGLISH: Readonly<Record<FederalSubject, string>> = {
  Москва: 'Moscow',
  'Санкт-Петербург': 'Saint Petersburg',
  Севастополь: 'Sevastopol',
  'Республика Адыгея': 'Republic of Adygea',
  'Республика Алтай': 'Altai Republic',
  'Республика Башкортостан': 'Republic of Bashkortostan',
  'Республика Бурятия': 'Republic of Buryatia',
  'Республика Дагестан': 'Republic of Dagestan',
  'Донецкая Народная Республика': "Donetsk People's Republic",
  'Республика Ингушетия': 'Republic of Ingushetia',
  'Кабардино-Балкарская Республика': 'Kabardino-Balkarian Republic',
  'Республика Калмыкия': 'Republic of Kalmykia',
  'Карачаево-Черкесская Республика': 'Karachay-Cherkess Republic',
  'Республика Карелия': 'Republic of Karelia',
  'Республика Коми': 'Komi Republic',
  'Республика Крым': 'Republic of Crimea',
  'Луганская Народная Республика': "Luhansk People's Republic",
  'Республика Марий Эл': 'Mari El Republic',
  'Республика Мордовия': 'Republic of Mordovia',
  'Республика Саха (Якутия)': 'Sakha (Yakutia) Republic',
  'Республика Северная Осетия — Алания': 'Republic of North Ossetia–Alania',
  'Республика Татарстан': 'Republic of Tatarstan',
  'Республика Тыва': 'Tuva Republic',
  'Удмуртская Республика': 'Udmurt Republic',
  'Республика Хакасия': 'Republic of Khakassia',
  'Чеченская Республика': 'Chechen Republic',
  'Чувашская Республика': 'Chuvash Republic',
  'Алтайский край': 'Altai Krai',
  'Забайкальский край': 'Zabaykalsky Krai',
  'Камчатский край': 'Kamchatka Krai',
  'Краснодарский край': 'Krasnodar Krai',
  'Красноярский край': 'Krasnoyarsk Krai',
  'Пермский край': 'Perm Krai',
  'Приморский край': 'Primorsky Krai',
  'Ставропольский край': 'Stavropol Krai',
  'Хабаровский край': 'Khabarovsk Krai',
  'Амурская область': 'Amur Oblast',
  'Архангельская область': 'Arkhangelsk Oblast',
  'Астраханская область': 'Astrakhan Oblast',
  'Белгородская область': 'Belgorod Oblast',
  'Брянская область': 'Bryansk Oblast',
  'Владимирская область': 'Vladimir Oblast',
  'Волгоградская область': 'Volgograd Oblast',
  'Вологодская область': 'Vologda Oblast',
  'Воронежская область': 'Voronezh Oblast',
  'Запорожская область': 'Zaporozhye Oblast',
  'Ивановская область': 'Ivanovo Oblast',
  'Иркутская область': 'Irkutsk Oblast',
  'Калининградская область': 'Kaliningrad Oblast',
  'Калужская область': 'Kaluga Oblast',
  'Кемеровская область': 'Kemerovo Oblast',
  'Кировская область': 'Kirov Oblast',
  'Костромская область': 'Kostroma Oblast',
  'Курганская область': 'Kurgan Oblast',
  'Курская область': 'Kursk Oblast',
  'Ленинградская область': 'Leningrad Oblast',
  'Липецкая область': 'Lipetsk Oblast',
  'Магаданская область': 'Magadan Oblast',
  'Московская область': 'Moscow Oblast',
  'Мурманская область': 'Murmansk Oblast',
  'Нижегородская область': 'Nizhny Novgorod Oblast',
  'Новгородская область': 'Novgorod Oblast',
  'Новосибирская область': 'Novosibirsk Oblast',
  'Омская область': 'Omsk Oblast',
  'Оренбургская область': 'Orenburg Oblast',
  'Орловская область': 'Oryol Oblast',
  'Пензенская область': 'Penza Oblast',
  'Псковская область': 'Pskov Oblast',
  'Ростовская область': 'Rostov Oblast',
  'Рязанская область': 'Ryazan Oblast',
  'Самарская область': 'Samara Oblast',
  'Саратовская область': 'Saratov Oblast',
  'Сахалинская область': 'Sakhalin Oblast',
  'Свердловская область': 'Sverdlovsk Oblast',
  'Смоленская область': 'Smolensk Oblast',
  'Тамбовская область': 'Tambov Oblast',
  'Тверская область': 'Tver Oblast',
  'Томская область': 'Tomsk Oblast',
  'Тульская область': 'Tula Oblast',
  'Тюменская область': 'Tyumen Oblast',
  'Ульяновская область': 'Ulyanovsk Oblast',
  'Херсонская область': 'Kherson Oblast',
  'Челябинская область': 'Chelyabinsk Oblast',
  'Ярославская область': 'Yaroslavl Oblast',
  'Еврейская автономная область': 'Jewish Autonomous Oblast',
  'Ненецкий автономный округ': 'Nenets Autonomous Okrug',
  'Ханты-Мансийский автономный округ — Югра': 'Khanty-Mansi Autonomous Okrug – Yugra',
  'Чукотский автономный округ': 'Chukotka Autonomous Okrug',
  'Ямало-Ненецкий автономный округ': 'Yamalo-Nenets Autonomous Okrug',
};

/** A region in both languages: `name` is the canonical Russian one. */
export interface RegionLabel {
  name: FederalSubject;
  en: string;
}

/** Case, ё/е, dashes and spaces folded; "St." as "Saint". */
function fold(text: string): string {
  return regionKey(text)
    .replace(/[–—]/g, '-')
    .replace(/^st\.?\s+/, 'saint ')
    .replace(/\s*-\s*/g, '-');
}

const BY_ENGLISH = new Map<string, FederalSubject>(
  FEDERAL_SUBJECTS.map((name) => [fold(REGION_ENGLISH[name]), name]),
);

/**
 * The subject a person named, in Russian (any registry spelling normaliseRegion knows) or in
 * English, case- and ё-insensitively; undefined when it names none.
 */
export function findRegion(text: string): FederalSubject | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const english = BY_ENGLISH.get(fold(trimmed));
  if (english) return english;
  const russian = normaliseRegion(trimmed);
  return russian?.length === 1 ? russian[0] : undefined;
}

/** Both names of a subject; a name outside the table is its own English. */
export function regionLabel(name: string): { name: string; en: string } {
  return { name, en: REGION_ENGLISH[name as FederalSubject] ?? name };
}

/** The labels whose Russian or English name contains the search text (all for none). */
export function searchRegionLabels(
  names: readonly string[],
  search: string | undefined,
): { name: string; en: string }[] {
  const needle = fold(search ?? '');
  return names
    .map(regionLabel)
    .filter((label) => fold(label.name).includes(needle) || fold(label.en).includes(needle));
}
