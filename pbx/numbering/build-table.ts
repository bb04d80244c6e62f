/**
 * `npx tsx pbx/numbering/build-table.ts [--check]`: builds the shipped region table
 * (ru-ranges.txt) from the registry extracts in pbx/numbering/registry. Every row must be
 * good. --check only says whether the committed table is the one the data gives.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHIPPED_TABLE_PATH } from './numbering-table';
import {
  buildFromFiles,
  formatProblem,
  sourceComments,
  type RegistryBuild,
} from './registry-build';
import { encodeTable } from './table-format';

/** The registry extracts the shipped table is built from (SPEC §3). */
export const REGISTRY_DATA_DIR = fileURLToPath(new URL('./registry/', import.meta.url));

/** The shipped table's text as the data gives it, and the build it came from. */
export function buildShippedTable(dir = REGISTRY_DATA_DIR): { text: string; build: RegistryBuild } {
  const paths = readdirSync(dir)
    .filter((name) => /\.(csv|tsv)$/i.test(name))
    .sort()
    .map((name) => join(dir, name));
  const build = buildFromFiles(paths, undefined, basename);
  const text = encodeTable(build.data, [
    'Regions of Russian telephone numbers (SPEC §3), from the official numbering registry.',
    'Built by `npx tsx pbx/numbering/build-table.ts` from pbx/numbering/registry; do not edit.',
    ...sourceComments(build),
  ]);
  return { text, build };
}

function main(): number {
  const { text, build } = buildShippedTable();
  for (const problem of build.problems) console.error(formatProblem(problem));
  if (build.problems.length > 0) {
    console.error(`${build.problems.length} bad rows: the shipped table must come from good data`);
    return 1;
  }
  const size = `${build.data.starts.length} ranges, ${Buffer.byteLength(text)} bytes`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(SHIPPED_TABLE_PATH, 'utf8');
    if (current === text) return (console.log(`ru-ranges.txt is up to date (${size})`), 0);
    console.error('ru-ranges.txt is out of date: run npx tsx pbx/numbering/build-table.ts');
    return 1;
  }
  writeFileSync(SHIPPED_TABLE_PATH, text);
  console.log(`wrote ${SHIPPED_TABLE_PATH} (${size}) from ${build.rows} rows`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
