/** Regions of Russian numbers (SPEC §3): the shipped table, lookups, and the registry importer. */
export {
  IMPORTED_TABLE_FILE,
  NumberingTable,
  SHIPPED_TABLE_PATH,
  loadNumberingTable,
  readNumberingTable,
} from './numbering-table';
export {
  buildFromFiles,
  formatProblem,
  importRegistry,
  type ImportOptions,
  type ImportOutcome,
  type ImportResult,
  type RegistryBuild,
} from './registry-build';
export {
  decodeRegistry,
  parseRegistryFile,
  type RegistryEncoding,
  type RegistryFile,
  type RegistryRow,
  type RowProblem,
} from './registry-file';
export { normaliseRegion } from './region-names';
export {
  findRegion,
  REGION_ENGLISH,
  regionLabel,
  searchRegionLabels,
  type RegionLabel,
} from './region-labels';
export { FEDERAL_SUBJECTS, isFederalSubject, type FederalSubject } from './subjects';
export { NumberingTableError } from './table-format';
