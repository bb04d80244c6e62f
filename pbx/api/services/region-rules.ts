import type { RegionRule as RegionRuleView } from '../../../shared/api';
import type { CompanyStore, RegionRule } from '../../store';
import type { CompanyDeps } from '../deps';
import { ApiError } from '../errors';
import { canonicalRegion, regionNames } from '../regions';
import { notCompanyNumbers, regionRuleOf, sipNumberOfEmployee } from '../scoped';
import type { SessionContext } from '../sessions';
import { regionRuleView } from '../views';
import { audit } from './audit';

export interface RegionRuleInput {
  region: string;
  numbers: string[];
  codes?: string[];
  numberRegions?: string[];
  effect: RegionRule['effect'];
}

/** Whose rule: an employee's SIP number, or the company's defaults (employeeId null). */
type Scope = { employeeId: number | null };

/**
 * Adds a region restriction (SPEC §2, §3) to an employee's SIP number, or to the company's
 * defaults. Regions (the client's and those of company numbers) are the numbering table's, in
 * Russian or English; each listed number one of the company's; a value named twice counts once.
 */
export async function addRegionRule(
  deps: CompanyDeps,
  by: SessionContext,
  { employeeId }: Scope,
  input: RegionRuleInput,
): Promise<RegionRuleView> {
  const { view, sipNumber } = await deps.company.withTransaction(async (company) => {
    const sipNumber =
      employeeId === null ? null : (await sipNumberOfEmployee(company, employeeId)).number;
    const names = regionNames(deps);
    const regionOf = (field: string, name: string): string => {
      const found = canonicalRegion(names, name);
      if (found === undefined) {
        throw ApiError.badField(field, `there is no region named "${name.trim()}"`);
      }
      return found;
    };
    const region = regionOf('region', input.region);
    const numberRegions = [
      ...new Set((input.numberRegions ?? []).map((name) => regionOf('numberRegions', name))),
    ];
    const numbers = [...new Set(input.numbers)];
    const foreign = await notCompanyNumbers(company, numbers);
    if (foreign.length > 0) {
      throw ApiError.badField(
        'numbers',
        `${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not one of the company's numbers`,
      );
    }
    const created = regionRuleView(
      await company.regionRules.create({
        sipNumber,
        region,
        numbers,
        codes: [...new Set(input.codes ?? [])],
        numberRegions,
        effect: input.effect,
      }),
    );
    await audit(
      { ...deps, company },
      by,
      'region-rule.create',
      target(employeeId, sipNumber),
      null,
      created,
    );
    return { view: created, sipNumber };
  });
  publish(deps, by, employeeId, sipNumber);
  return view;
}

export async function removeRegionRule(
  deps: CompanyDeps,
  by: SessionContext,
  { employeeId }: Scope,
  ruleId: number,
): Promise<void> {
  const sipNumber = await deps.company.withTransaction(async (company) => {
    const rule = await ruleInScope(company, employeeId, ruleId);
    await company.regionRules.remove(rule.id);
    await audit(
      { ...deps, company },
      by,
      'region-rule.delete',
      target(employeeId, rule.sipNumber),
      regionRuleView(rule),
      null,
    );
    return rule.sipNumber;
  });
  publish(deps, by, employeeId, sipNumber);
}

async function ruleInScope(
  company: CompanyStore,
  employeeId: number | null,
  ruleId: number,
): Promise<RegionRule> {
  if (employeeId !== null) return regionRuleOf(company, employeeId, ruleId);
  const rule = await company.regionRules.get(ruleId);
  if (!rule || rule.sipNumber !== null) throw ApiError.notFound(`region rule ${ruleId}`);
  return rule;
}

function publish(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number | null,
  sipNumber: string | null,
): void {
  if (employeeId === null || sipNumber === null) {
    deps.events.publish(by.companyId, { type: 'employees-changed' });
  } else deps.events.publish(by.companyId, { type: 'sip-number-changed', employeeId, sipNumber });
}

const target = (employeeId: number | null, sipNumber: string | null) =>
  employeeId === null ? 'company' : `employee ${employeeId} (${sipNumber})`;
