import { normaliseRegion } from './region-names';
import type { FederalSubject } from './subjects';

/**
 * Reads one file of the Russian numbering registry (SPEC §3, pbx/numbering/registry): the official
 * range files of any year (`АВС/ DEF;От;До;Емкость;Оператор;Регион[;Территория ГАР][;ИНН]`,
 * UTF-8 with or without BOM, or Windows-1251) and whole-code lists (`code<TAB>region`).
 * Columns are found by their header, so a newer column set needs no change here.
 */

/** One good row: a range of full national numbers (code and seven digits) and its subjects. */
export interface RegistryRow {
  file: string;
  line: number;
  code: number;
  from: number;
  to: number;
  /** Empty for nationwide rows (800–809, `Российская Федерация`): they give no region. */
  subjects: readonly FederalSubject[];
}

/** A row that cannot be used, and why: printed as `file:line: message`. */
export interface RowProblem {
  file: string;
  line: number;
  message: string;
}

export type RegistryEncoding = 'utf-8' | 'utf-8 with BOM' | 'windows-1251';

export interface RegistryFile {
  file: string;
  encoding: RegistryEncoding;
  /** The header's columns, as written. */
  columns: string[];
  /** A list of whole codes (no От/До): each row covers code0000000–code9999999. */
  wholeCodes: boolean;
  rows: RegistryRow[];
  problems: RowProblem[];
}

const BOM = [0xef, 0xbb, 0xbf];

/** The text of a registry file: UTF-8 (with or without BOM) when it decodes as such, else 1251. */
export function decodeRegistry(bytes: Uint8Array): { text: string; encoding: RegistryEncoding } {
  if (BOM.every((b, i) => bytes[i] === b)) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8 with BOM' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Cyrillic in Windows-1251 is never valid UTF-8 for more than a letter or two.
    return { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251' };
  }
}

type Column = 'code' | 'from' | 'to' | 'capacity' | 'region' | 'territory';

/** Header names (lower case, no spaces) of the columns this reader uses; others are ignored. */
const COLUMN_NAMES: Record<Column, readonly string[]> = {
  code: ['авс/def', 'abc/def', 'авс', 'abc', 'def', 'код', 'code'],
  from: ['от', 'from'],
  to: ['до', 'to'],
  capacity: ['емкость', 'ёмкость', 'capacity'],
  region: ['регион', 'region'],
  territory: ['территориягар', 'гартерритория', 'территория'],
};

const RUSSIAN_CODE = /^[3489]\d\d$/;
const SUBSCRIBER = /^\d{1,7}$/;
const SUBSCRIBERS = 10_000_000;

export function parseRegistryFile(file: string, bytes: Uint8Array): RegistryFile {
  const { text, encoding } = decodeRegistry(bytes);
  const lines = text.split(/\r\n|\r|\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  const result: RegistryFile = {
    file,
    encoding,
    columns: [],
    wholeCodes: false,
    rows: [],
    problems: [],
  };
  const problem = (line: number, message: string) => result.problems.push({ file, line, message });
  if (headerIndex < 0) {
    problem(1, 'the file is empty');
    return result;
  }
  const headerLine = lines[headerIndex]!;
  const separator = headerLine.includes(';') ? ';' : headerLine.includes('\t') ? '\t' : ',';
  const header = splitFields(headerLine, separator);
  if (typeof header === 'string') {
    problem(headerIndex + 1, `header: ${header}`);
    return result;
  }
  result.columns = header;
  const index = findColumns(header);
  const missing: string[] = [];
  if (index.code === undefined) missing.push('code (АВС/ DEF)');
  if (index.region === undefined && index.territory === undefined) missing.push('region (Регион)');
  if (index.from === undefined && index.to !== undefined) missing.push('От');
  if (index.to === undefined && index.from !== undefined) missing.push('До');
  if (missing.length > 0) {
    problem(headerIndex + 1, `the header has no ${missing.join(' and ')} column`);
    return result;
  }
  result.wholeCodes = index.from === undefined;

  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = splitFields(line, separator);
    if (typeof fields === 'string') problem(i + 1, fields);
    else {
      const row = parseRow(fields, header.length, index, result.wholeCodes);
      if (typeof row === 'string') problem(i + 1, row);
      else result.rows.push({ file, line: i + 1, ...row });
    }
  }
  return result;
}

function findColumns(header: string[]): Partial<Record<Column, number>> {
  const index: Partial<Record<Column, number>> = {};
  header.forEach((name, i) => {
    const key = name.toLowerCase().replace(/\s+/g, '');
    for (const [column, names] of Object.entries(COLUMN_NAMES) as [Column, readonly string[]][]) {
      if (index[column] === undefined && names.includes(key)) index[column] = i;
    }
  });
  return index;
}

type ParsedRow = Omit<RegistryRow, 'file' | 'line'>;

/** A row's range and subjects, or what is wrong with it. */
function parseRow(
  fields: string[],
  count: number,
  index: Partial<Record<Column, number>>,
  wholeCodes: boolean,
): ParsedRow | string {
  if (fields.length !== count) return `expected ${count} fields, found ${fields.length}`;
  const field = (column: Column) =>
    index[column] === undefined ? '' : fields[index[column]]!.trim();
  const codeText = field('code');
  if (!RUSSIAN_CODE.test(codeText)) {
    return `code "${codeText}" is not a Russian ABC/DEF code (3xx, 4xx, 8xx or 9xx)`;
  }
  const code = Number(codeText);
  let first = 0;
  let last = SUBSCRIBERS - 1;
  if (!wholeCodes) {
    const [fromText, toText] = [field('from'), field('to')];
    if (!SUBSCRIBER.test(fromText)) return `От "${fromText}" is not a number of up to 7 digits`;
    if (!SUBSCRIBER.test(toText)) return `До "${toText}" is not a number of up to 7 digits`;
    [first, last] = [Number(fromText), Number(toText)];
    if (first > last) return `От ${fromText} is after До ${toText}`;
    const capacity = field('capacity');
    if (capacity !== '' && Number(capacity) !== last - first + 1) {
      return `Емкость "${capacity}" is not the size of ${fromText}–${toText} (${last - first + 1})`;
    }
  }
  const base = code * SUBSCRIBERS;
  const range = { code, from: base + first, to: base + last };
  // 800–809 are nationwide whatever region the row names (SPEC §3).
  if (code >= 800 && code <= 809) return { ...range, subjects: [] };
  const written = [field('region'), field('territory')].filter((r) => r !== '' && r !== '-');
  for (const raw of written) {
    const subjects = normaliseRegion(raw, codeText);
    if (subjects) return { ...range, subjects };
  }
  if (written.length === 0) return 'no region';
  return `region "${written[0]}" is not a federal subject of Russia (see pbx/numbering/region-names.ts)`;
}

/**
 * One line's fields. A field that starts with `"` is quoted (`""` is a quote); elsewhere a quote
 * is an ordinary character, as in the newer files (`ПАО "Ростелеком"`).
 */
export function splitFields(line: string, separator: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const quote = line.indexOf('"', j);
        if (quote < 0) return 'a quoted field has no closing quote';
        value += line.slice(j, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          j = quote + 2;
        } else {
          j = quote + 1;
          break;
        }
      }
      if (j < line.length && line[j] !== separator) return 'text after a closing quote';
      fields.push(value);
      i = j;
    } else {
      const end = line.indexOf(separator, i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) return fields;
    i += 1; // the separator
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}
