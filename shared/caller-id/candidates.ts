import type { CallerIdInput, CompanyNumberInfo } from './types';

type Input = Pick<CallerIdInput, 'companyNumbers' | 'rules' | 'client'>;

/** E.164 strings in code-point order, the order the store lists company numbers in. */
export function byNumber(a: CompanyNumberInfo, b: CompanyNumberInfo): number {
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/** "Saint Petersburg", or "Saint Petersburg or Leningrad Oblast" for a two-subject row. */
export function regionPhrase(regions: readonly string[]): string {
  return [...new Set(regions)].join(' or ');
}

/**
 * The numbers the client may see (SPEC §3): the company's enabled numbers; if an allow rule
 * names one of the client's regions, only the numbers such rules list; minus the numbers of
 * deny rules for the client's regions. A client with no region matches no rule.
 * Unique and in number order, so a random draw maps to the same number whatever the input order.
 */
export function permittedNumbers(input: Input): CompanyNumberInfo[] {
  const regions = new Set(input.client.regions);
  const matching = input.rules.filter((rule) => regions.has(rule.region));
  const allows = matching.filter((rule) => rule.effect === 'allow');
  const allowed = allows.length > 0 ? new Set(allows.flatMap((rule) => rule.numbers)) : null;
  const denied = new Set(
    matching.filter((rule) => rule.effect === 'deny').flatMap((rule) => rule.numbers),
  );
  const unique = new Map<string, CompanyNumberInfo>();
  for (const info of input.companyNumbers)
    if (!unique.has(info.number)) unique.set(info.number, info);
  return [...unique.values()]
    .filter((info) => info.enabled && (allowed === null || allowed.has(info.number)))
    .filter((info) => !denied.has(info.number))
    .sort(byNumber);
}

/** Why `number` is not among the permitted numbers, as the end of a sentence ("is disabled"). */
export function whyNotPermitted(number: string, input: Input): string {
  const info = input.companyNumbers.find((candidate) => candidate.number === number);
  if (info === undefined) return 'is not a company number';
  if (!info.enabled) return 'is disabled';
  return `is not permitted for ${regionPhrase(input.client.regions)}`;
}

/** Why no permitted number is in the client's region ("no company number in Saint Petersburg"). */
export function whyNoRegional(input: Input): string {
  if (input.client.regions.length === 0) return "the client's number has no region";
  const where = regionPhrase(input.client.regions);
  const inRegion = input.companyNumbers.filter(
    (info) => info.region !== null && input.client.regions.includes(info.region),
  );
  if (inRegion.length === 0) return `no company number in ${where}`;
  if (!inRegion.some((info) => info.enabled)) return `no enabled company number in ${where}`;
  return `no permitted company number in ${where}`;
}

/** Why nothing at all is permitted: the explanation of a `noCallerId` refusal. */
export function whyNothingPermitted(input: Input): string {
  if (!input.companyNumbers.some((info) => info.enabled)) {
    return 'no caller ID permitted: the company has no enabled number';
  }
  return `no caller ID permitted: region restrictions for ${regionPhrase(input.client.regions)} leave none of the company's enabled numbers`;
}
