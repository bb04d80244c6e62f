import { loadNumberingTable } from '../numbering';
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

/** The table's spelling of a region name, matched without regard to case; undefined when it has none. */
export function canonicalRegion(names: readonly string[], name: string): string | undefined {
  const wanted = fold(name);
  return wanted === '' ? undefined : names.find((candidate) => fold(candidate) === wanted);
}

/** The names containing the search text (all of them for none), in the table's order. */
export function searchRegions(names: readonly string[], search: string | undefined): string[] {
  const needle = fold(search ?? '');
  return names.filter((name) => fold(name).includes(needle));
}
