import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY_DATA_DIR } from './build-table';
import { decodeRegistry, parseRegistryFile, splitFields } from './registry-file';
import { NEWER_REGISTRY_FILE, toWindows1251 } from './test-files';

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => utf8(`\uFEFF${text}`);
const shipped = (name: string) => readFileSync(join(REGISTRY_DATA_DIR, name));
const OLD_HEADER = 'АВС/ DEF;От;До;Емкость;Оператор;Регион';

describe('decodeRegistry', () => {
  it('tells UTF-8 with BOM, UTF-8 and Windows-1251 apart', () => {
    const text = 'АВС/ DEF;Регион\n812;г. Санкт-Петербург\n';
    expect(decodeRegistry(withBom(text))).toEqual({ text, encoding: 'utf-8 with BOM' });
    expect(decodeRegistry(utf8(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeRegistry(toWindows1251(text))).toEqual({ text, encoding: 'windows-1251' });
  });

  it('reads the shipped files in their encodings', () => {
    expect(decodeRegistry(shipped('DEF-9xx.csv')).encoding).toBe('utf-8 with BOM');
    expect(decodeRegistry(shipped('ABC-4xx-codes.tsv')).encoding).toBe('utf-8');
    const abc = decodeRegistry(shipped('ABC-3xx.cp1251.csv'));
    expect(abc.encoding).toBe('windows-1251');
    expect(abc.text.split('\n')[1]).toBe(
      '301;2100000;2109999;10000;АСВТ(Москва);Улан - Удэ |Республика Бурятия',
    );
  });
});

describe('parseRegistryFile on the shipped extracts', () => {
  it.each([
    ['DEF-9xx.csv', 'utf-8 with BOM', 9677, 7],
    ['ABC-3xx.cp1251.csv', 'windows-1251', 19702, 6],
    ['ABC-8xx.cp1251.csv', 'windows-1251', 49344, 6],
    ['ABC-4xx-codes.tsv', 'utf-8', 30, 2],
  ])('%s: %s, %i rows, %i columns, none bad', (name, encoding, rows, columns) => {
    const file = parseRegistryFile(name, shipped(name));
    expect(file).toMatchObject({ encoding, problems: [] });
    expect(file.rows).toHaveLength(rows);
    expect(file.columns).toHaveLength(columns);
  });

  it('gives full national numbers, line numbers and subjects', () => {
    const def = parseRegistryFile('DEF-9xx.csv', shipped('DEF-9xx.csv'));
    expect(def.rows[0]).toEqual({
      file: 'DEF-9xx.csv',
      line: 2,
      code: 900,
      from: 9_000_000_000,
      to: 9_000_061_999,
      subjects: ['Краснодарский край'],
    });
    const abc = parseRegistryFile('ABC-3xx.cp1251.csv', shipped('ABC-3xx.cp1251.csv'));
    expect(abc.rows[0]).toMatchObject({ line: 2, from: 3_012_100_000, to: 3_012_109_999 });
    expect(abc.rows[0]!.subjects).toEqual(['Республика Бурятия']);
  });

  it('maps a whole 4xx code from the codes list', () => {
    const file = parseRegistryFile('ABC-4xx-codes.tsv', shipped('ABC-4xx-codes.tsv'));
    expect(file.wholeCodes).toBe(true);
    expect(file.rows.find((row) => row.code === 423)).toEqual({
      file: 'ABC-4xx-codes.tsv',
      line: 8,
      code: 423,
      from: 4_230_000_000,
      to: 4_239_999_999,
      subjects: ['Приморский край'],
    });
  });

  it('gives 800–809 no region whatever the row says', () => {
    const file = parseRegistryFile('ABC-8xx.cp1251.csv', shipped('ABC-8xx.cp1251.csv'));
    const nationwide = file.rows.filter((row) => row.code <= 809);
    expect(nationwide.length).toBeGreaterThan(700);
    expect(nationwide.every((row) => row.subjects.length === 0)).toBe(true);
  });
});

describe('parseRegistryFile on a newer file (Территория ГАР, ИНН)', () => {
  const expected = [
    {
      line: 2,
      code: 301,
      from: 3_012_110_000,
      to: 3_012_129_999,
      subjects: ['Республика Бурятия'],
    },
    { line: 3, code: 495, from: 4_951_000_000, to: 4_951_999_999, subjects: ['Москва'] },
    {
      line: 4,
      code: 495,
      from: 4_952_000_000,
      to: 4_952_009_999,
      subjects: ['Московская область'],
    },
    { line: 5, code: 812, from: 8_123_000_000, to: 8_123_099_999, subjects: ['Санкт-Петербург'] },
    {
      line: 6,
      code: 949,
      from: 9_490_000_000,
      to: 9_490_999_999,
      subjects: ['Донецкая Народная Республика'],
    },
    {
      line: 7,
      code: 995,
      from: 9_952_000_000,
      to: 9_952_999_999,
      subjects: ['Санкт-Петербург', 'Ленинградская область'],
    },
  ];

  it.each([
    ['UTF-8', utf8(NEWER_REGISTRY_FILE), 'utf-8'],
    ['UTF-8 with BOM', withBom(NEWER_REGISTRY_FILE), 'utf-8 with BOM'],
    ['Windows-1251', toWindows1251(NEWER_REGISTRY_FILE), 'windows-1251'],
  ])('in %s', (_, bytes, encoding) => {
    const file = parseRegistryFile('ABC-new.csv', bytes);
    expect(file.encoding).toBe(encoding);
    expect(file.columns).toEqual([
      'АВС/ DEF',
      'От',
      'До',
      'Емкость',
      'Оператор',
      'Регион',
      'Территория ГАР',
      'ИНН',
    ]);
    expect(file.problems).toEqual([]);
    expect(file.rows).toEqual(expected.map((row) => ({ file: 'ABC-new.csv', ...row })));
  });
});

describe('parseRegistryFile reports every bad row by file and line', () => {
  const parse = (...rows: string[]) =>
    parseRegistryFile('bad.csv', toWindows1251([OLD_HEADER, ...rows].join('\n')));

  it('and keeps the good rows', () => {
    const file = parse(
      '812;3000000;3099999;100000;Ростелеком;Санкт - Петербург',
      '812;abc;3199999;100000;Ростелеком;Санкт - Петербург',
      '',
      '812;3200000;3299999;100000;Ростелеком',
      '812;3300000;3399999;99;Ростелеком;Санкт - Петербург',
      '812;3500000;3400000;1;Ростелеком;Санкт - Петербург',
      '812;3500000;13599999;1;Ростелеком;Санкт - Петербург',
      '712;3600000;3699999;100000;Казахтелеком;Алматы',
      '81;3600000;3699999;100000;Ростелеком;Санкт - Петербург',
      '813;3700000;3799999;100000;Ростелеком;Атлантида',
      '813;3800000;3899999;100000;Ростелеком;-',
      '813;"Ростелеком;Санкт - Петербург',
      '813;3900000;3999999;100000;Ростелеком;Ленинградская область',
    );
    expect(file.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'bad.csv:3: От "abc" is not a number of up to 7 digits',
      'bad.csv:5: expected 6 fields, found 5',
      'bad.csv:6: Емкость "99" is not the size of 3300000–3399999 (100000)',
      'bad.csv:7: От 3500000 is after До 3400000',
      'bad.csv:8: До "13599999" is not a number of up to 7 digits',
      'bad.csv:9: code "712" is not a Russian ABC/DEF code (3xx, 4xx, 8xx or 9xx)',
      'bad.csv:10: code "81" is not a Russian ABC/DEF code (3xx, 4xx, 8xx or 9xx)',
      'bad.csv:11: region "Атлантида" is not a federal subject of Russia (see pbx/numbering/region-names.ts)',
      'bad.csv:12: no region',
      'bad.csv:13: a quoted field has no closing quote',
    ]);
    expect(file.rows.map((row) => row.line)).toEqual([2, 14]);
  });

  it('a header without the columns it needs: nothing is read', () => {
    const file = parseRegistryFile('x.csv', utf8('АВС/ DEF;От;Емкость;Оператор\n812;1;1;X\n'));
    expect(file.problems).toEqual([
      { file: 'x.csv', line: 1, message: 'the header has no region (Регион) and До column' },
    ]);
    expect(file.rows).toEqual([]);
    expect(parseRegistryFile('e.csv', utf8('\n\n')).problems).toEqual([
      { file: 'e.csv', line: 1, message: 'the file is empty' },
    ]);
  });
});

describe('splitFields', () => {
  it.each([
    ['a;b;c', ['a', 'b', 'c']],
    ['a;;c;', ['a', '', 'c', '']],
    ['"ООО ""Т2 Мобайл""";x', ['ООО "Т2 Мобайл"', 'x']],
    ['"a;b";c', ['a;b', 'c']],
    ['ПАО "Ростелеком";x', ['ПАО "Ростелеком"', 'x']],
    ['', ['']],
  ])('%j', (line, fields) => expect(splitFields(line, ';')).toEqual(fields));

  it.each([
    ['"abc;d', 'a quoted field has no closing quote'],
    ['"abc"d;e', 'text after a closing quote'],
  ])('%j: %s', (line, message) => expect(splitFields(line, ';')).toBe(message));
});
