import { describe, expect, it } from 'vitest';
import { findRegion, REGION_ENGLISH, searchRegionLabels } from './region-labels';
import { FEDERAL_SUBJECTS } from './subjects';

describe('region names in Russian and English', () => {
  it('every subject has one English name of its own', () => {
    const english = FEDERAL_SUBJECTS.map((name) => REGION_ENGLISH[name]);
    expect(english.every((name) => name.length > 2)).toBe(true);
    expect(new Set(english.map((name) => name.toLowerCase())).size).toBe(89);
    for (const name of FEDERAL_SUBJECTS) expect(findRegion(REGION_ENGLISH[name])).toBe(name);
  });

  it.each([
    ['Saint Petersburg', 'Санкт-Петербург'],
    ['saint petersburg', 'Санкт-Петербург'],
    ['St. Petersburg', 'Санкт-Петербург'],
    ['  Санкт-Петербург ', 'Санкт-Петербург'],
    ['санкт-петербург', 'Санкт-Петербург'],
    ['г. Санкт-Петербург', 'Санкт-Петербург'],
    ['Leningrad Oblast', 'Ленинградская область'],
    ['Ленинградская обл.', 'Ленинградская область'],
    ['Khanty-Mansi Autonomous Okrug - Yugra', 'Ханты-Мансийский автономный округ — Югра'],
    ['Республика Саха', 'Республика Саха (Якутия)'],
    ['Орёл', undefined],
    ['Atlantis', undefined],
    ['', undefined],
    // Two subjects are not one region
    ['Санкт-Петербург и Ленинградская область', undefined],
  ])('%j → %j', (text, subject) => expect(findRegion(text)).toBe(subject));

  it('a search finds regions by either name', () => {
    const names = [...FEDERAL_SUBJECTS];
    expect(searchRegionLabels(names, 'peters')).toEqual([
      { name: 'Санкт-Петербург', en: 'Saint Petersburg' },
    ]);
    expect(searchRegionLabels(names, 'петер')).toEqual([
      { name: 'Санкт-Петербург', en: 'Saint Petersburg' },
    ]);
    expect(searchRegionLabels(names, 'LENINGRAD').map((l) => l.name)).toEqual([
      'Ленинградская область',
    ]);
    expect(searchRegionLabels(names, undefined)).toHaveLength(89);
  });
});
