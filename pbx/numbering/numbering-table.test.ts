import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildShippedTable } from './build-table';
import { loadNumberingTable, NumberingTable, SHIPPED_TABLE_PATH } from './numbering-table';
import { buildTable } from './table-data';
import { decodeTable, encodeTable, NumberingTableError } from './table-format';

const table = loadNumberingTable();
const e164 = (national: number) => `+7${national}`;

describe('the shipped table', () => {
  it('is what build-table.ts makes of pbx/numbering/registry, and small', () => {
    const { text, build } = buildShippedTable();
    expect(build.problems).toEqual([]);
    expect(readFileSync(SHIPPED_TABLE_PATH, 'utf8')).toBe(text);
    expect(statSync(SHIPPED_TABLE_PATH).size).toBeLessThan(300_000);
    expect(table.size).toBe(build.data.starts.length);
  });

  it('gives every row of the registry the row’s regions, at both ends of its range', () => {
    const { build } = buildShippedTable();
    let checked = 0;
    for (const file of build.files) {
      for (const row of file.rows) {
        for (const n of [row.from, row.to, Math.floor((row.from + row.to) / 2)]) {
          expect(table.regionsOf(e164(n)), `${row.file}:${row.line}`).toEqual(row.subjects);
        }
        checked++;
      }
    }
    expect(checked).toBe(78_753);
  });
});

describe('NumberingTable.regionsOf', () => {
  it.each([
    // Saint Petersburg landline (ABC-8xx: 812;3003019;3004782;…;Санкт - Петербург)
    ['+78123003019', ['Санкт-Петербург']],
    ['+78123004782', ['Санкт-Петербург']],
    // Leningrad Oblast landline (813;7000000;7009999;…;Всеволожский |Ленинградская область)
    ['+78137000000', ['Ленинградская область']],
    // Moscow mobile: MTS 916 and MegaFon 925, one row for the city and the oblast
    ['+79161234567', ['Москва', 'Московская область']],
    ['+79250000000', ['Москва', 'Московская область']],
    // Saint Petersburg mobile: 911;0;399999;…;г. Санкт-Петербург и Ленинградская область
    ['+79110000000', ['Санкт-Петербург', 'Ленинградская область']],
    ['+79110399999', ['Санкт-Петербург', 'Ленинградская область']],
    ['+79110400000', ['Новгородская область']],
    // Far East: Vladivostok 4232 (whole code 423 in the 4xx list), Khabarovsk, Yakutsk
    ['+74232123456', ['Приморский край']],
    ['+74212123456', ['Хабаровский край']],
    ['+74112123456', ['Республика Саха (Якутия)']],
    ['+74951234567', ['Москва']],
    ['+74961234567', ['Московская область']],
    // Republics, okrugs inside an oblast
    ['+73012100000', ['Республика Бурятия']],
    // Surgut: the 2014 file writes Tyumen Oblast for 346 (346;2200000;…;Сургут |Тюменская область)
    ['+73462200000', ['Ханты-Мансийский автономный округ — Югра']],
    ['+78185321000', ['Ненецкий автономный округ']],
    ['+79963000000', ['Республика Башкортостан']],
  ])('%s: %j', (number, regions) => expect(table.regionsOf(number)).toEqual(regions));

  it.each([
    // Nationwide: 800–809 (free phone, premium rate)
    '+78001000000',
    '+78005553535',
    '+78091234567',
    // Baikonur, and a nationwide mobile range
    '+73362212345',
    // Mobile numbers in no range of the registry; codes that are not geographic
    '+79560004000',
    '+79401234567',
    '+71001234567',
    '+75001234567',
    // Kazakhstan shares +7
    '+77012345678',
    '+77272123456',
    // Foreign
    '+442079460958',
    '+12025550100',
    '+380441234567',
    // Not E.164 of a Russian number
    '',
    'garbage',
    '+7',
    '+7812300301',
    '+781230030199',
    '88123003019',
    '78123003019',
    '+7 812 300-30-19',
    '+7812300301a',
    '+7812300301\u0669',
    '-78123003019',
  ])('%j: none', (number) => expect(table.regionsOf(number)).toEqual([]));

  it.each([
    // Geographic numbers in no range take their area code's region (SPEC §3)
    ['+78121234567', ['Санкт-Петербург']],
    ['+74951111111', ['Москва']],
    ['+73833999999', ['Новосибирская область']],
    // Arkhangelsk Oblast holds most of 818; the Nenets okrug only its own ranges
    ['+78180000000', ['Архангельская область']],
  ])('%s in no range: its code’s region %j', (number, regions) =>
    expect(table.regionsOf(number)).toEqual(regions),
  );

  it('regionsOfCode: a geographic code’s regions; none for mobile, nationwide or bad codes', () => {
    expect(table.regionsOfCode('812')).toEqual(['Санкт-Петербург']);
    expect(table.regionsOfCode('813')).toEqual(['Ленинградская область']);
    expect(table.regionsOfCode('495')).toEqual(['Москва']);
    for (const code of ['911', '800', '809', '336', '500', '81', 'abc', '8123'])
      expect(table.regionsOfCode(code), code).toEqual([]);
  });

  it('the edges of a range: first and last number in, the neighbours out', () => {
    // DEF-9xx: 956;8000;8299;…;Сургутский район * г. Сургут, between unallocated numbers
    expect(table.regionsOf('+79560007999')).toEqual([]);
    expect(table.regionsOf('+79560008000')).toEqual(['Ханты-Мансийский автономный округ — Югра']);
    expect(table.regionsOf('+79560008299')).toEqual(['Ханты-Мансийский автономный округ — Югра']);
    expect(table.regionsOf('+79560008300')).not.toEqual([
      'Ханты-Мансийский автономный округ — Югра',
    ]);
    // The very first and last numbers of the plan
    expect(table.regionsOf('+70000000000')).toEqual([]);
    expect(table.regionsOf('+79999999999')).toEqual(table.regionsOf('+79999999998'));
  });
});

describe('NumberingTable.regionOf and allRegions', () => {
  it('regionOf is the first region, the city of a two-subject row, or null', () => {
    expect(table.regionOf('+78123003019')).toBe('Санкт-Петербург');
    expect(table.regionOf('+79110000000')).toBe('Санкт-Петербург');
    expect(table.regionOf('+79161234567')).toBe('Москва');
    expect(table.regionOf('+78005553535')).toBeNull();
    expect(table.regionOf('+442079460958')).toBeNull();
    expect(table.regionOf('nonsense')).toBeNull();
  });

  it('allRegions lists the 89 federal subjects in Russian alphabetical order', () => {
    const regions = table.allRegions();
    expect(regions).toHaveLength(89);
    expect(regions.slice(0, 3)).toEqual([
      'Алтайский край',
      'Амурская область',
      'Архангельская область',
    ]);
    expect(regions.at(-1)).toBe('Ярославская область');
    expect(regions).toContain('Санкт-Петербург');
    expect(regions).toContain('Ленинградская область');
    regions.pop();
    expect(table.allRegions()).toHaveLength(89);
  });

  it('each answer is the caller’s own: changing it changes no later answer', () => {
    const regions = table.regionsOf('+79161234567');
    regions.push('Атлантида');
    table.regionsOf('+78005553535').push('Атлантида');
    expect(table.regionsOf('+79161234567')).toEqual(['Москва', 'Московская область']);
    expect(table.regionsOf('+78005553535')).toEqual([]);
  });
});

describe('table text format', () => {
  const row = (from: number, to: number, subjects: string[], line = 1) =>
    ({ file: 'f.csv', line, code: Math.floor(from / 1e7), from, to, subjects }) as never;

  it('round-trips, merging adjacent ranges of one value within a code', () => {
    const built = buildTable([
      row(8_120_000_000, 8_120_000_099, ['Санкт-Петербург']),
      row(8_120_000_100, 8_120_000_199, ['Санкт-Петербург']),
      row(8_120_000_300, 8_120_000_399, ['Санкт-Петербург', 'Ленинградская область']),
      row(8_129_999_999, 8_129_999_999, ['Санкт-Петербург']),
      row(8_130_000_000, 8_130_000_009, ['Санкт-Петербург']),
      row(8_000_000_000, 8_009_999_999, []),
    ]);
    expect(built.problems).toEqual([]);
    expect(built.codes).toEqual([800, 812, 813]);
    const text = encodeTable(built.data, ['a comment']);
    expect(text.split('\n').filter((l) => /^\d/.test(l))).toEqual([
      '812 +200:1 100+100:89 9999599+1:1',
      '813 +10:1',
    ]);
    expect(text).toContain('group 1 55\n');
    const decoded = new NumberingTable(decodeTable(text, 't.txt'));
    expect(decoded.size).toBe(4);
    expect(decoded.regionsOf('+78120000199')).toEqual(['Санкт-Петербург']);
    // Between ranges: the code's region, that of most of its numbers
    expect(decoded.regionsOf('+78120000200')).toEqual(['Санкт-Петербург']);
    expect(decoded.regionsOf('+78120000300')).toEqual(['Санкт-Петербург', 'Ленинградская область']);
    expect(decoded.regionsOf('+78129999999')).toEqual(['Санкт-Петербург']);
    expect(decoded.regionsOf('+78130000009')).toEqual(['Санкт-Петербург']);
    expect(decoded.regionsOf('+78130000010')).toEqual(['Санкт-Петербург']);
    expect(decoded.regionsOf('+78000000000')).toEqual([]);
  });

  it('reports an overlapping row and leaves it out', () => {
    const built = buildTable([
      row(8_120_000_000, 8_120_000_099, ['Санкт-Петербург'], 2),
      row(8_120_000_050, 8_120_000_199, ['Ленинградская область'], 3),
    ]);
    expect(built.problems).toEqual([
      { file: 'f.csv', line: 3, message: 'the range overlaps f.csv:2' },
    ]);
    expect(built.data.starts.length).toBe(1);
  });

  it.each([
    ['', 't.txt: empty, not a numbering table'],
    ['ru-numbering 2\n', 't.txt:1: not a numbering table (expected "ru-numbering 1")'],
    ['ru-numbering 1\nregion A\n812 +10:1\n', 't.txt:3: range "+10:1": no value'],
    ['ru-numbering 1\nregion A\n812 +10:0 x\n', 't.txt:3: bad range "x"'],
    ['ru-numbering 1\nregion A\n812 9999999+2:0\n', 't.txt:3: range "9999999+2:0" leaves 812'],
    ['ru-numbering 1\nregion A\n813 +1:0\n812 +1:0\n', 't.txt:4: code 812 is not after 813'],
    [
      'ru-numbering 1\nregion A\ngroup 0 1\n',
      't.txt:3: a group names regions the table does not have',
    ],
    ['ru-numbering 1\nregion A\n8120 +1:0\n', 't.txt:3: bad code "8120"'],
  ])('a bad table file is refused: %j', (text, message) => {
    expect(() => decodeTable(text, 't.txt')).toThrow(new NumberingTableError(message));
  });
});
