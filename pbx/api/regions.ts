import { findRegion, loadNumberingTable, searchRegionLabels } from '../numbering';
import type { ApiDeps } from './deps';

let shipped: readonly string[] | undefined;

/**
 * The region names region rules and company numbers may use: the injected list, else the
 * shipped numbering table's (read once, on first use).
 */
export function regionNames(deps: Pick<ApiDeps, 'regions'>): readonly string[] {
  if (deps.regions) return deps.regions();
  shipped ??= Object.freeze(loadNumberingTable().allRegions());
  return shipped;
}

/** Case and ё/е folded, so "санкт-петербург" finds "Санкт-Петербург". */
const fold = (text: string): string => text.trim().toLowerCase().replaceAll('ё', 'е');

/**
 * The table's spelling of a region a person named, in Russian or English ("Saint Petersburg"
 * is `Санкт-Петербург`), case-insensitively; undefined when the table has no such region.
 */
export function canonicalRegion(names: readonly string[], name: string): string | undefined {
  const wanted = fold(name);
  if (wanted === '') return undefined;
  const exact = names.find((candidate) => fold(candidate) === wanted);
  if (exact !== undefined) return exact;
  const subject = findRegion(name);
  return subject !== undefined && names.includes(subject) ? subject : undefined;
}

/** The regions whose Russian or English name contains the search text (all for none). */
export function searchRegions(names: readonly string[], search: string | undefined) {
  return searchRegionLabels(names, search);
}
