import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { namesOf, type TableData } from './table-data';
import { decodeTable } from './table-format';

/** The table shipped with the project, built by build-table.ts from pbx/numbering/registry. */
export const SHIPPED_TABLE_PATH = fileURLToPath(new URL('./ru-ranges.txt', import.meta.url));

/** The table `pbx numbering import` writes into a data directory; it wins over the shipped one. */
export const IMPORTED_TABLE_FILE = 'numbering.txt';

/**
 * The region (federal subject) of a Russian number, by binary search over the table's ranges;
 * a geographic (ABC) number in no range has its area code's region (SPEC §3). A number has no
 * region when it is foreign, nationwide (800–809), or a mobile (DEF) number in no range.
 */
export class NumberingTable {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly values: Uint16Array;
  /** The answer for each value, built once; a lookup hands out a copy. */
  private readonly answers: readonly (readonly string[])[];
  private readonly regions: readonly string[];
  /** Per ABC code (index = code), the value of its area; -1 for none. */
  private readonly codeValues: Int32Array;

  constructor(data: TableData) {
    this.starts = data.starts;
    this.ends = data.ends;
    this.values = data.values;
    this.regions = data.regions;
    const count = data.regions.length + data.groups.length;
    // Not frozen: V8 copies a frozen array several times slower.
    this.answers = Array.from({ length: count }, (_, value) => [...namesOf(data, value)]);
    this.codeValues = codeValuesOf(data);
  }

  /** The ranges in the table. */
  get size(): number {
    return this.starts.length;
  }

  /**
   * The regions of an E.164 number (`+78121234567`): one, two for a range the registry gives
   * to two subjects (`Санкт-Петербург`, `Ленинградская область`), none when it has no region.
   * The array is the caller's own.
   */
  regionsOf(e164: string): string[] {
    const n = nationalNumber(e164);
    if (n < 0) return [];
    const { starts } = this;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= n) lo = mid + 1;
      else hi = mid - 1;
    }
    // hi is the last range that starts at or before n.
    if (hi >= 0 && this.ends[hi]! >= n) return this.answers[this.values[hi]!]!.slice();
    const codeValue = this.codeValues[Math.floor(n / SUBSCRIBERS)]!;
    return codeValue < 0 ? [] : this.answers[codeValue]!.slice();
  }

  /**
   * The regions of a geographic area code ("812"): those of the ranges covering most of its
   * numbers (one, or the two of a two-subject row); none for a mobile, nationwide or unknown code.
   */
  regionsOfCode(code: string): string[] {
    if (!/^\d{3}$/.test(code)) return [];
    const value = this.codeValues[Number(code)]!;
    return value < 0 ? [] : this.answers[value]!.slice();
  }

  /** The first of regionsOf, or null. */
  regionOf(e164: string): string | null {
    return this.regionsOf(e164)[0] ?? null;
  }

  /** Every region a number can have, in Russian alphabetical order: for pickers and checks. */
  allRegions(): string[] {
    return [...this.regions].sort((a, b) => a.localeCompare(b, 'ru'));
  }
}

const SUBSCRIBERS = 10_000_000;

/** Geographic codes: 3xx, 4xx and 8xx, but 800–809 are nationwide (free phone, premium rate). */
export function isGeographicCode(code: number): boolean {
  return (code >= 300 && code < 500) || (code >= 810 && code < 900);
}

/**
 * The area of each ABC code: the value (region or group) whose ranges cover most of the code's
 * numbers. Three codes mix subjects (811, 818, 394) and each has one that covers nearly all of it.
 */
function codeValuesOf(data: TableData): Int32Array {
  const covered = new Map<number, Map<number, number>>();
  for (let i = 0; i < data.starts.length; i++) {
    const code = Math.floor(data.starts[i]! / SUBSCRIBERS);
    if (!isGeographicCode(code)) continue;
    const byValue = covered.get(code) ?? new Map<number, number>();
    const value = data.values[i]!;
    byValue.set(value, (byValue.get(value) ?? 0) + data.ends[i]! - data.starts[i]! + 1);
    covered.set(code, byValue);
  }
  const values = new Int32Array(1000).fill(-1);
  for (const [code, byValue] of covered) {
    let best = -1;
    for (const [value, count] of byValue) if (best < 0 || count > byValue.get(best)!) best = value;
    values[code] = best;
  }
  return values;
}

/** The ten digits after +7 as a number, or -1 for anything that is not +7 and ten digits. */
function nationalNumber(e164: string): number {
  if (e164.length !== 12 || e164.charCodeAt(0) !== 43 || e164.charCodeAt(1) !== 55) return -1;
  let n = 0;
  for (let i = 2; i < 12; i++) {
    const digit = e164.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Reads a table file (throws NumberingTableError naming the file and line when it is bad). */
export function readNumberingTable(path: string): NumberingTable {
  return new NumberingTable(decodeTable(readFileSync(path, 'utf8'), path));
}

/**
 * The table in force: the one imported into dataDir (`pbx numbering import`) when there is
 * one, else the one shipped with the project.
 */
export function loadNumberingTable(dataDir?: string): NumberingTable {
  const imported = dataDir === undefined ? undefined : join(dataDir, IMPORTED_TABLE_FILE);
  return readNumberingTable(imported && existsSync(imported) ? imported : SHIPPED_TABLE_PATH);
}
