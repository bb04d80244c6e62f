import { describe, expect, it } from 'vitest';
import { desktopEn } from './desktop.en';
import { desktopRu } from './desktop.ru';
import { en as baseEn } from './en';
import { createI18n } from './index';
import { ru as baseRu } from './ru';

const en = { ...baseEn, desktop: desktopEn };
const ru = { ...baseRu, desktop: desktopRu };

type Tree = { [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`),
  );

describe('translations', () => {
  it('Russian has every English key, translated (only names and formats may match)', () => {
    const english = new Map(leaves(en));
    const russian = new Map(leaves(ru));
    expect([...russian.keys()].sort()).toEqual([...english.keys()].sort());
    const same = [...english].filter(([k, v]) => russian.get(k) === v).map(([k]) => k);
    // A list separator and a recording's "sentence (language)" are formats, the same in both.
    expect(same.sort()).toEqual([
      'announcements.slot',
      'callerIdExplain.and',
      'desktop.devices.unnamed',
      'languages.en',
      'languages.ru',
    ]);
    for (const [key, value] of russian) expect(value.trim(), key).not.toBe('');
  });

  it('keeps the placeholders of every string', () => {
    const vars = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort();
    const russian = new Map(leaves(ru));
    for (const [key, value] of leaves(en))
      expect(vars(russian.get(key)!), key).toEqual(vars(value));
  });

  it('creates an instance in the language asked, ready at once', () => {
    expect(createI18n('ru').t('refusal.employee-absent')).toBe('Сотрудник отсутствует.');
    expect(createI18n('en').t('dialer.call')).toBe('Call');
    expect(createI18n('ru').t('desktop.dnd.on')).toBe('Не беспокоить');
  });
});
