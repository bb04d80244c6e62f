import type { RegistryRow, RowProblem } from './registry-file';
import { FEDERAL_SUBJECTS } from './subjects';

/**
 * The region table: sorted, non-overlapping ranges of full national numbers (10 digits) and
 * the region(s) of each. Numbers in no range (800–809, gaps, nationwide rows) have no region.
 */
export interface TableData {
  /** A range's value below regions.length is that one region. */
  regions: readonly string[];
  /** Values from regions.length on: several regions, for a row naming two subjects. */
  groups: readonly (readonly number[])[];
  starts: Float64Array;
  /** Inclusive. */
  ends: Float64Array;
  values: Uint16Array;
}

export interface BuiltTable {
  data: TableData;
  /** Rows left out because they overlap a range already taken. */
  problems: RowProblem[];
  /** The ABC/DEF codes the rows cover. */
  codes: number[];
  /** Codes no row covers whose ranges were kept from the base table. */
  keptCodes: number[];
}

const SUBSCRIBERS = 10_000_000;
const codeOf = (n: number) => Math.floor(n / SUBSCRIBERS);

interface Entry {
  start: number;
  end: number;
  names: readonly string[];
}

/**
 * Builds a table from registry rows. With a base table, the codes no row names keep their base
 * ranges: importing a newer DEF file alone keeps the ABC codes. A row that overlaps an earlier
 * one (sorted by number) is a problem and is left out.
 */
export function buildTable(rows: readonly RegistryRow[], base?: TableData): BuiltTable {
  const sorted = rows
    .map((row, order) => ({ row, order }))
    .sort((a, b) => a.row.from - b.row.from || a.order - b.order)
    .map(({ row }) => row);
  const problems: RowProblem[] = [];
  const codes = new Set<number>();
  const entries: Entry[] = [];
  let last: RegistryRow | undefined;
  for (const row of sorted) {
    if (last && row.from <= last.to) {
      problems.push({
        file: row.file,
        line: row.line,
        message: `the range overlaps ${last.file}:${last.line}`,
      });
      continue;
    }
    last = row;
    codes.add(row.code);
    if (row.subjects.length > 0)
      entries.push({ start: row.from, end: row.to, names: row.subjects });
  }
  const keptCodes = new Set<number>();
  if (base) {
    for (let i = 0; i < base.starts.length; i++) {
      const code = codeOf(base.starts[i]!);
      if (codes.has(code)) continue;
      keptCodes.add(code);
      entries.push({
        start: base.starts[i]!,
        end: base.ends[i]!,
        names: namesOf(base, base.values[i]!),
      });
    }
    entries.sort((a, b) => a.start - b.start);
  }
  return {
    data: tableOf(entries),
    problems,
    codes: [...codes].sort((a, b) => a - b),
    keptCodes: [...keptCodes].sort((a, b) => a - b),
  };
}

/** The region names of a value. */
export function namesOf(data: TableData, value: number): readonly string[] {
  if (value < data.regions.length) return [data.regions[value]!];
  return (data.groups[value - data.regions.length] ?? []).map((i) => data.regions[i]!);
}

/** Sorted entries as a table over FEDERAL_SUBJECTS, adjacent ranges of one value merged. */
function tableOf(entries: readonly Entry[]): TableData {
  const regions: readonly string[] = FEDERAL_SUBJECTS;
  const regionIndex = new Map(regions.map((name, i) => [name, i]));
  const groups: number[][] = [];
  const groupIndex = new Map<string, number>();
  const valueOf = (names: readonly string[]): number => {
    const indexes = names.map((name) => {
      const index = regionIndex.get(name);
      if (index === undefined) throw new Error(`"${name}" is not a federal subject`);
      return index;
    });
    if (indexes.length === 1) return indexes[0]!;
    const key = indexes.join(' ');
    let group = groupIndex.get(key);
    if (group === undefined) {
      group = groups.push(indexes) - 1;
      groupIndex.set(key, group);
    }
    return regions.length + group;
  };
  const starts: number[] = [];
  const ends: number[] = [];
  const values: number[] = [];
  for (const entry of entries) {
    const value = valueOf(entry.names);
    const n = starts.length - 1;
    const adjacent =
      n >= 0 &&
      ends[n]! + 1 === entry.start &&
      values[n] === value &&
      codeOf(starts[n]!) === codeOf(entry.start);
    if (adjacent) ends[n] = entry.end;
    else {
      starts.push(entry.start);
      ends.push(entry.end);
      values.push(value);
    }
  }
  return {
    regions,
    groups,
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
    values: Uint16Array.from(values),
  };
}
