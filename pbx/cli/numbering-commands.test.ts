import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REGISTRY_DATA_DIR } from '../numbering/build-table';
import { IMPORTED_TABLE_FILE, loadNumberingTable } from '../numbering';
import { NEWER_REGISTRY_FILE, toWindows1251 } from '../numbering/test-files';
import { runNumberingCli } from './numbering-commands';

let root: string;
let dataDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pbx-numbering-'));
  dataDir = join(root, 'data');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const DEF = join(REGISTRY_DATA_DIR, 'DEF-9xx.csv');
const ABC3 = join(REGISTRY_DATA_DIR, 'ABC-3xx.cp1251.csv');
const run = (...argv: string[]) => runNumberingCli(argv, { env: {} });
const importFiles = (...argv: string[]) =>
  run('numbering', 'import', ...argv, '--data-dir', dataDir);
const tablePath = () => join(dataDir, IMPORTED_TABLE_FILE);

/** A file in root with the given bytes. */
function file(name: string, bytes: Uint8Array | string): string {
  const path = join(root, name);
  writeFileSync(path, bytes);
  return path;
}

/** A copy of a shipped file with `line` (Windows-1251) put in as line number `at`. */
function brokenCopy(source: string, name: string, at: number, line: string): string {
  const lines = readFileSync(source).toString('latin1').split('\n');
  lines.splice(at - 1, 0, Buffer.from(toWindows1251(line)).toString('latin1'));
  return file(name, Buffer.from(lines.join('\n'), 'latin1'));
}

describe('pbx numbering import', () => {
  it('imports the official files in UTF-8 with BOM and Windows-1251, keeping other codes', async () => {
    const r = await importFiles(DEF, ABC3);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      `${DEF}: 9677 rows (utf-8 with BOM, 7 columns)`,
      `${ABC3}: 19702 rows (windows-1251, 6 columns)`,
      'Kept 68 codes the files do not name from the shipped table',
      expect.stringMatching(new RegExp(`^Imported 29379 rows: \\d+ ranges in ${tablePath()}$`)),
    ]);
    const table = loadNumberingTable(dataDir);
    expect(table.regionsOf('+79161234567')).toEqual(['Москва', 'Московская область']);
    expect(table.regionsOf('+73012100000')).toEqual(['Республика Бурятия']);
    // From the shipped table: 8xx and 4xx codes the files do not name
    expect(table.regionsOf('+78123003019')).toEqual(['Санкт-Петербург']);
    expect(table.regionsOf('+74232123456')).toEqual(['Приморский край']);
    expect(table.regionsOf('+78005553535')).toEqual([]);
    expect(readdirSync(dataDir)).toEqual([IMPORTED_TABLE_FILE]);
  });

  it.each([
    ['UTF-8', (text: string) => text],
    ['Windows-1251', toWindows1251],
  ])(
    'imports a newer file (Территория ГАР, ИНН) in %s; its codes replace the shipped ones',
    async (_, encode) => {
      const newer = file('ABC-new.csv', encode(NEWER_REGISTRY_FILE));
      expect(loadNumberingTable(dataDir).regionsOf('+74952005000')).toEqual(['Москва']);
      const r = await importFiles(newer);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toContain('Imported 6 rows: ');
      const table = loadNumberingTable(dataDir);
      expect(table.regionsOf('+74952005000')).toEqual(['Московская область']);
      expect(table.regionsOf('+74951234567')).toEqual(['Москва']);
      // 495 is named, so only the file's ranges count there (outside them, the code's region
      // is that of most of its numbers); 499 keeps the shipped whole code
      expect(table.regionsOf('+74953000000')).toEqual(['Москва']);
      expect(table.regionsOf('+74993000000')).toEqual(['Москва']);
      expect(table.regionsOf('+79490500000')).toEqual(['Донецкая Народная Республика']);
      expect(table.regionsOf('+79952500000')).toEqual(['Санкт-Петербург', 'Ленинградская область']);
    },
  );

  it('imports files one at a time: codes a later import does not name keep the earlier ranges', async () => {
    expect((await importFiles(file('ABC-new.csv', NEWER_REGISTRY_FILE))).code).toBe(0);
    const r = await importFiles(DEF);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Kept \d+ codes the files do not name from the earlier import$/m);
    const table = loadNumberingTable(dataDir);
    expect(table.regionsOf('+74952005000')).toEqual(['Московская область']);
    expect(table.regionsOf('+79161234567')).toEqual(['Москва', 'Московская область']);
    // The DEF file names 995, so its ranges replace the earlier import's there; it has no 949
    expect(table.regionsOf('+79952500000')).toEqual(['Воронежская область']);
    expect(table.regionsOf('+79490500000')).toEqual(['Донецкая Народная Республика']);
  });

  it('refuses the whole import when a row is bad, naming file and line, and keeps the old table', async () => {
    expect((await importFiles(DEF)).code).toBe(0);
    const before = readFileSync(tablePath(), 'utf8');
    const broken = brokenCopy(
      ABC3,
      'ABC-3xx.csv',
      4,
      '301;21x0000;2109999;10000;Ростелеком;Бурятия',
    );
    const badRegion = file(
      'DEF-new.csv',
      toWindows1251(
        'АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН\r\n' +
          '949;0;99;100;ООО "Феникс";Донецкая Народная Республика;-;1\r\n' +
          '949;100;199;100;ООО "Х";Атлантида;Атлантида;1\r\n',
      ),
    );
    const r = await importFiles(broken, badRegion);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        `${broken}:4: От "21x0000" is not a number of up to 7 digits`,
        `${badRegion}:3: region "Атлантида" is not a federal subject of Russia (see pbx/numbering/region-names.ts)`,
        'error: 2 bad rows, nothing imported (--skip-bad imports the good rows)',
        '',
      ].join('\n'),
    );
    expect(r.stdout).toContain(`${broken}: 19702 rows (windows-1251, 6 columns)`);
    expect(readFileSync(tablePath(), 'utf8')).toBe(before);
    expect(readdirSync(dataDir)).toEqual([IMPORTED_TABLE_FILE]);
  });

  it('--skip-bad imports the good rows and still lists the bad ones', async () => {
    const broken = brokenCopy(ABC3, 'ABC-3xx.csv', 3, '301;2100000;2109999;5;Ростелеком;Бурятия');
    const r = await importFiles(broken, '--skip-bad');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${broken}:3: Емкость "5" is not the size of 2100000–2109999 (10000)\n`);
    expect(r.stdout).toContain('Skipped 1 bad row\n');
    expect(r.stdout).toContain('Imported 19702 rows: ');
    expect(loadNumberingTable(dataDir).regionsOf('+73012100000')).toEqual(['Республика Бурятия']);
  });

  it('reports overlapping rows across files', async () => {
    const overlap = file(
      'overlap.csv',
      'АВС/ DEF;От;До;Емкость;Оператор;Регион\n900;0;99;100;X;Ростовская обл.\n',
    );
    const r = await importFiles(DEF, overlap);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${overlap}:2: the range overlaps ${DEF}:2\n`);
  });

  it('refuses files with nothing to import, unreadable files and no data directory', async () => {
    const headerOnly = file('empty.csv', 'АВС/ DEF;От;До;Емкость;Оператор;Регион\n');
    expect(await importFiles(headerOnly)).toEqual({
      code: 1,
      stdout: `${headerOnly}: 0 rows (utf-8, 6 columns)\n`,
      stderr: 'error: no good rows, nothing imported\n',
    });
    const noHeader = file('no-header.csv', '812;1;2;2;X;Санкт-Петербург\n');
    const r = await importFiles(noHeader);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^.*no-header\.csv:1: the header has no code \(АВС\/ DEF\) and region/,
    );
    const missing = await importFiles(join(root, 'missing.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^error: ENOENT: no such file or directory, open '.*missing\.csv'\n$/,
    );
    expect((await run('numbering', 'import', DEF)).stderr).toMatch(
      /^error: required option '--data-dir <dir>' not specified/,
    );
    expect(readdirSync(root).includes('data')).toBe(false);
  });

  it('reads the data directory from PBX_DATA_DIR', async () => {
    const newer = file('ABC-new.csv', NEWER_REGISTRY_FILE);
    const r = await runNumberingCli(['numbering', 'import', newer], {
      env: { PBX_DATA_DIR: dataDir },
    });
    expect(r.code).toBe(0);
    expect(readdirSync(dataDir)).toEqual([IMPORTED_TABLE_FILE]);
  });
});

describe('pbx numbering lookup', () => {
  it('prints the regions of numbers written any way, from the shipped table', async () => {
    expect(
      await run('numbering', 'lookup', '8 812 300-30-19', '+79161234567', '8-800-555-35-35'),
    ).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '+78123003019  Санкт-Петербург',
        '+79161234567  Москва, Московская область',
        '+78005553535  no region',
        '',
      ].join('\n'),
    });
  });

  it('--json, and the imported table when the data directory has one', async () => {
    importFiles(file('ABC-new.csv', NEWER_REGISTRY_FILE));
    const r = await run('numbering', 'lookup', '+7 949 050-00-00', '--json', '--data-dir', dataDir);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: '{"number":"+79490500000","regions":["Донецкая Народная Республика"]}\n',
    });
  });

  it('refuses what is not a phone number', async () => {
    expect(await run('numbering', 'lookup', 'abc')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: "abc" is not a phone number (not-a-number)\n',
    });
    expect((await run('numbering', 'lookup', '0462626')).stderr).toBe(
      'error: "0462626" is not a phone number (a SIP number)\n',
    );
    expect((await run('numbering', 'lookup', '112')).stderr).toBe(
      'error: "112" is not a phone number (an emergency number)\n',
    );
  });

  it('names the file and line of a broken imported table', async () => {
    importFiles(file('ABC-new.csv', NEWER_REGISTRY_FILE));
    writeFileSync(tablePath(), 'ru-numbering 1\nregion A\n812 x\n');
    expect(await run('numbering', 'lookup', '+78123003019', '--data-dir', dataDir)).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${tablePath()}:3: bad range "x"\n`,
    });
  });
});
