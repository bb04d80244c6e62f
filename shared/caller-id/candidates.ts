import type { CallerIdInput, CallerIdWhy, CompanyNumberInfo, RegionRule } from './types';

type Input = Pick<CallerIdInput, 'companyNumbers' | 'rules' | 'companyRules' | 'client'>;

/** E.164 strings in code-point order, the order the store lists company numbers in. */
export function byNumber(a: CompanyNumberInfo, b: CompanyNumberInfo): number {
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/** The area code of a Russian E.164 number (`+78121110000` → `812`); '' for any other. */
export const areaCode = (e164: string): string => (e164.startsWith('+7') ? e164.slice(2, 5) : '');

/**
 * The rules in force for the client (SPEC §3). Decision: per client region, the SIP number's
 * own rules for it when it has any, else the company's defaults for it.
 */
export function rulesInForce(input: Input): RegionRule[] {
  return [...new Set(input.client.regions)].flatMap((region) => {
    const own = input.rules.filter((rule) => rule.region === region);
    return own.length > 0
      ? own
      : (input.companyRules ?? []).filter((rule) => rule.region === region);
  });
}

/** Whether a rule names the company number: listed, by its area code, or by its region. */
export function ruleCovers(rule: RegionRule, info: CompanyNumberInfo): boolean {
  return (
    rule.numbers.includes(info.number) ||
    (rule.codes ?? []).includes(areaCode(info.number)) ||
    (info.region !== null && (rule.numberRegions ?? []).includes(info.region))
  );
}

/**
 * The numbers the client may see (SPEC §3): the company's enabled numbers; if an allow rule in
 * force names one of them, only the numbers such rules name; minus those deny rules name. A
 * client with no region matches no rule. Unique and in number order, so a random draw maps to
 * the same number whatever the input order.
 */
export function permittedNumbers(input: Input): CompanyNumberInfo[] {
  const matching = rulesInForce(input);
  const allows = matching.filter((rule) => rule.effect === 'allow');
  const denies = matching.filter((rule) => rule.effect === 'deny');
  const unique = new Map<string, CompanyNumberInfo>();
  for (const info of input.companyNumbers)
    if (!unique.has(info.number)) unique.set(info.number, info);
  return [...unique.values()]
    .filter((info) => info.enabled)
    .filter((info) => allows.length === 0 || allows.some((rule) => ruleCovers(rule, info)))
    .filter((info) => !denies.some((rule) => ruleCovers(rule, info)))
    .sort(byNumber);
}

/** Why `number` (in `role`) is not among the permitted numbers. */
export function whyNotPermitted(
  role: Extract<CallerIdWhy, { kind: 'not-permitted' }>['role'],
  number: string,
  input: Input,
): CallerIdWhy {
  const info = input.companyNumbers.find((candidate) => candidate.number === number);
  const cause = info === undefined ? 'not-company' : !info.enabled ? 'disabled' : 'region';
  return { kind: 'not-permitted', role, number, cause, regions: [...input.client.regions] };
}

/** Why no permitted number is in the client's region. */
export function whyNoRegional(input: Input): CallerIdWhy {
  const regions = [...input.client.regions];
  const no = (cause: Extract<CallerIdWhy, { kind: 'no-regional' }>['cause']): CallerIdWhy => ({
    kind: 'no-regional',
    cause,
    regions,
  });
  if (regions.length === 0) return no('client-no-region');
  const inRegion = input.companyNumbers.filter(
    (info) => info.region !== null && regions.includes(info.region),
  );
  if (inRegion.length === 0) return no('none-in-region');
  if (!inRegion.some((info) => info.enabled)) return no('none-enabled');
  return no('none-permitted');
}
