import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY_DATA_DIR } from './build-table';
import { decodeRegistry, splitFields } from './registry-file';
import {
  CODE_CORRECTIONS,
  NO_SUBJECT,
  REGION_ALIASES,
  REGION_PLACES,
  normaliseRegion,
  regionKey,
} from './region-names';
import { FEDERAL_SUBJECTS, isFederalSubject } from './subjects';

describe('FEDERAL_SUBJECTS', () => {
  it('lists the 89 subjects once each, the federal cities first', () => {
    expect(FEDERAL_SUBJECTS).toHaveLength(89);
    expect(new Set(FEDERAL_SUBJECTS).size).toBe(89);
    expect(new Set(FEDERAL_SUBJECTS.map(regionKey)).size).toBe(89);
    expect(FEDERAL_SUBJECTS.slice(0, 3)).toEqual(['Москва', 'Санкт-Петербург', 'Севастополь']);
    const count = (pattern: RegExp) => FEDERAL_SUBJECTS.filter((s) => pattern.test(s)).length;
    expect(count(/Республика/)).toBe(24);
    expect(count(/ край$/)).toBe(9);
    expect(count(/^[^ ]+ область$/)).toBe(48);
    expect(count(/автономн/)).toBe(5);
  });

  it('aliases, places and corrections all lead to subjects', () => {
    const targets = [
      ...Object.values(REGION_ALIASES),
      ...Object.values(REGION_PLACES),
      ...CODE_CORRECTIONS.flatMap((c) => [c.written, c.subject]),
    ];
    for (const target of targets) expect(isFederalSubject(target), target).toBe(true);
  });
});

describe('normaliseRegion', () => {
  it.each([
    // Each subject's own name, and the ways the registry writes it
    ['Москва', ['Москва']],
    ['г. Москва', ['Москва']],
    ['Город Москва', ['Москва']],
    ['г. Санкт-Петербург', ['Санкт-Петербург']],
    ['Санкт - Петербург', ['Санкт-Петербург']],
    ['г.Севастополь', ['Севастополь']],
    ['Ленинградская область', ['Ленинградская область']],
    ['Ленинградская обл.', ['Ленинградская область']],
    ['Еврейская автономная обл.', ['Еврейская автономная область']],
    ['Чукотский АО', ['Чукотский автономный округ']],
    ['Ямало-Ненецкий АО', ['Ямало-Ненецкий автономный округ']],
    ['Ханты - Мансийский - Югра АО', ['Ханты-Мансийский автономный округ — Югра']],
    ['Ханты-Мансийский АО - Югра', ['Ханты-Мансийский автономный округ — Югра']],
    ['Ханты-Мансийский автономный округ - Югра', ['Ханты-Мансийский автономный округ — Югра']],
    ['Республика Удмуртская', ['Удмуртская Республика']],
    ['Республика Чеченская', ['Чеченская Республика']],
    ['Республика Карачаево-Черкесская', ['Карачаево-Черкесская Республика']],
    ['Карачаево - Черкесская Республика', ['Карачаево-Черкесская Республика']],
    ['Республика Северная Осетия - Алания', ['Республика Северная Осетия — Алания']],
    ['Республика Татарстан (Татарстан)', ['Республика Татарстан']],
    ['Республика Саха /Якутия/', ['Республика Саха (Якутия)']],
    ['Чувашская Республика - Чувашия', ['Чувашская Республика']],
    ['Кемеровская область - Кузбасс область', ['Кемеровская область']],
    ['Читинская область', ['Забайкальский край']],
    ['  ЛЕНИНГРАДСКАЯ   ОБЛАСТЬ ', ['Ленинградская область']],
    ['Республика Бурятия', ['Республика Бурятия']],
    // A place before its subject: the subject
    ['Улан - Удэ |Республика Бурятия', ['Республика Бурятия']],
    ['Абаза |Таштыпский |Республика Хакасия', ['Республика Хакасия']],
    ['Александровский |Пермский край |Пермский край', ['Пермский край']],
    ['г. Норильск|Красноярский край', ['Красноярский край']],
    ['Корякский округ|Камчатский край', ['Камчатский край']],
    // The most specific part that names a subject wins
    [
      'Заполярный район |Ненецкий автономный округ |Архангельская область',
      ['Ненецкий автономный округ'],
    ],
    ['Нарьян - Мар |Архангельская область', ['Ненецкий автономный округ']],
    ['Сургутский район * г. Сургут', ['Ханты-Мансийский автономный округ — Югра']],
    [
      'р-ны Абзелиловский и Белорецкий|Абзелиловский район * Белорецкий район',
      ['Республика Башкортостан'],
    ],
    // Two subjects
    ['г. Санкт-Петербург * Ленинградская область', ['Санкт-Петербург', 'Ленинградская область']],
    ['г. Санкт-Петербург и Ленинградская область', ['Санкт-Петербург', 'Ленинградская область']],
    ['Санкт - Петербург и Ленинградская область', ['Санкт-Петербург', 'Ленинградская область']],
    ['г. Москва * Московская область', ['Москва', 'Московская область']],
    ['Московская область * Москва|Московская область * Москва', ['Москва', 'Московская область']],
    ['Республика Крым и г. Севастополь', ['Севастополь', 'Республика Крым']],
    [
      'Архангельская область и Ненецкий автономный округ',
      ['Архангельская область', 'Ненецкий автономный округ'],
    ],
    // No subject
    ['Российская Федерация', []],
    ['Российская Федерация, кроме Чукотского автономного округа', []],
    ['Уральский регион', []],
    ['Северо-Западный регион', []],
    ['Байконур', []],
  ])('%j', (raw, subjects) => expect(normaliseRegion(raw)).toEqual(subjects));

  it('corrects Tyumen Oblast to the okrug its code serves', () => {
    expect(normaliseRegion('Сургут |Тюменская область', '346')).toEqual([
      'Ханты-Мансийский автономный округ — Югра',
    ]);
    expect(normaliseRegion('Салехард |Тюменская область', '349')).toEqual([
      'Ямало-Ненецкий автономный округ',
    ]);
    expect(normaliseRegion('Тюмень |Тюменская область', '345')).toEqual(['Тюменская область']);
    expect(normaliseRegion('Тюменская обл.', '932')).toEqual(['Тюменская область']);
  });

  it.each([
    '',
    ' | ',
    'Атлантида',
    'Улан-Удэ',
    'Москва и Атлантида',
    'Тюменская',
    'область',
    'Казахстан',
    'г.',
    'Республика',
  ])('does not understand %j', (raw) => expect(normaliseRegion(raw)).toBeUndefined());
});

/** Every distinct region string of the shipped registry files, with the codes it appears on. */
function shippedRegionStrings(): Map<string, Set<string>> {
  const strings = new Map<string, Set<string>>();
  for (const name of readdirSync(REGISTRY_DATA_DIR).filter((n) => /\.(csv|tsv)$/.test(n))) {
    const { text } = decodeRegistry(readFileSync(join(REGISTRY_DATA_DIR, name)));
    const [header = '', ...lines] = text.split('\n');
    const separator = header.includes(';') ? ';' : '\t';
    const columns = splitFields(header, separator) as string[];
    const region = columns.findIndex((c) => /^(регион|region)$/i.test(c));
    expect(region, name).toBeGreaterThan(0);
    for (const line of lines.filter(Boolean)) {
      const fields = splitFields(line, separator) as string[];
      const raw = fields[region]!;
      const codes = strings.get(raw) ?? new Set<string>();
      strings.set(raw, codes.add(fields[0]!));
    }
  }
  return strings;
}

describe('every region string of the shipped registry files', () => {
  const strings = shippedRegionStrings();
  const nationwide = (code: string) => /^80\d$/.test(code);

  it('is read (thousands of distinct strings)', () => expect(strings.size).toBeGreaterThan(2000));

  it('normalises to federal subjects, or is a row the rules say names none', () => {
    const misunderstood: string[] = [];
    const noSubject: string[] = [];
    for (const [raw, codes] of strings) {
      for (const code of codes) {
        const subjects = normaliseRegion(raw, code);
        if (subjects === undefined) misunderstood.push(raw);
        else if (subjects.length === 0 && !nationwide(code)) noSubject.push(raw);
        else for (const subject of subjects) expect(isFederalSubject(subject), raw).toBe(true);
      }
    }
    expect(misunderstood).toEqual([]);
    // Outside 800–809 only Baikonur and the nationwide mobile rows name no subject.
    expect([...new Set(noSubject)].sort()).toEqual(['Байконур', 'Российская Федерация']);
    for (const raw of noSubject) {
      expect(NO_SUBJECT.some((n) => n.pattern.test(regionKey(raw)))).toBe(true);
    }
  });

  it('covers most subjects; the ones missing have no code in these extracts', () => {
    const found = new Set<string>();
    for (const [raw, codes] of strings) {
      for (const code of codes) {
        if (!nationwide(code)) for (const s of normaliseRegion(raw, code) ?? []) found.add(s);
      }
    }
    const missing = FEDERAL_SUBJECTS.filter((s) => !found.has(s));
    expect(missing).toEqual([
      'Донецкая Народная Республика',
      'Луганская Народная Республика',
      'Запорожская область',
      'Херсонская область',
    ]);
  });
});
