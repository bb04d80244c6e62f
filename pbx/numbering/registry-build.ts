import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { IMPORTED_TABLE_FILE, SHIPPED_TABLE_PATH } from './numbering-table';
import { parseRegistryFile, type RegistryFile, type RowProblem } from './registry-file';
import { buildTable, type BuiltTable, type TableData } from './table-data';
import { decodeTable, encodeTable } from './table-format';

/** Registry files read and built into a table, with every bad row of every file. */
export interface RegistryBuild extends BuiltTable {
  files: RegistryFile[];
  /** Bad rows of the files, then rows left out for overlapping: `file:line: message`. */
  problems: RowProblem[];
  /** Good rows, over all files. */
  rows: number;
}

/**
 * Reads the files (any encoding and column set, see registry-file.ts) and builds a table; with a
 * base, codes the files do not name keep the base's ranges. name gives the file name used in
 * problems (default: the path as given).
 */
export function buildFromFiles(
  paths: readonly string[],
  base?: TableData,
  name: (path: string) => string = (path) => path,
): RegistryBuild {
  const files = paths.map((path) => parseRegistryFile(name(path), readFileSync(path)));
  const rows = files.flatMap((file) => file.rows);
  const built = buildTable(rows, base);
  return {
    ...built,
    files,
    rows: rows.length - built.problems.length,
    problems: [...files.flatMap((file) => file.problems), ...built.problems],
  };
}

/** One line per problem, as the importer and the build script print them. */
export function formatProblem(problem: RowProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

/** The header comments of a table: where it came from. */
export function sourceComments(build: RegistryBuild): string[] {
  return [
    ...build.files.map(
      (f) =>
        `${basename(f.file)}: ${f.rows.length} rows, ${f.encoding}` +
        (f.wholeCodes ? ', whole codes' : ''),
    ),
    ...(build.keptCodes.length > 0
      ? [`codes kept from the table in force before: ${build.keptCodes.join(' ')}`]
      : []),
    `${build.data.starts.length} ranges`,
  ];
}

export interface ImportOptions {
  /** Import the good rows even when some rows are bad (they are still reported). */
  skipBad?: boolean;
}

export type ImportOutcome = 'imported' | 'refused: bad rows' | 'refused: no rows';

export interface ImportResult extends RegistryBuild {
  outcome: ImportOutcome;
  /** The table written, when imported. */
  path: string;
  /** Where the codes the files do not name come from: the earlier import, or the shipped table. */
  base: 'imported' | 'shipped';
}

/**
 * `pbx numbering import`: builds a table from newer registry files over the table in force
 * (dataDir's earlier import, else the shipped one: codes the files do not name keep their
 * ranges, so files can be imported one at a time) and replaces dataDir's imported table
 * atomically (a temporary file renamed over it), so a PBX reading it sees the old table or the
 * new one, never half of one. Refuses when any row is bad unless skipBad, and when no row is good.
 */
export function importRegistry(
  paths: readonly string[],
  dataDir: string,
  options: ImportOptions = {},
): ImportResult {
  const path = join(dataDir, IMPORTED_TABLE_FILE);
  const base = existsSync(path) ? 'imported' : 'shipped';
  const basePath = base === 'imported' ? path : SHIPPED_TABLE_PATH;
  const build = buildFromFiles(paths, decodeTable(readFileSync(basePath, 'utf8'), basePath));
  const refuse = (outcome: ImportOutcome): ImportResult => ({ ...build, outcome, path, base });
  if (build.problems.length > 0 && !options.skipBad) return refuse('refused: bad rows');
  if (build.rows === 0) return refuse('refused: no rows');
  const text = encodeTable(build.data, [
    'Regions of Russian telephone numbers, imported by `pbx numbering import`; do not edit.',
    ...sourceComments(build),
  ]);
  mkdirSync(dataDir, { recursive: true });
  writeAtomically(path, text);
  return { ...build, outcome: 'imported', path, base };
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
