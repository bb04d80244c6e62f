import type { RegionRule as RegionRuleView } from '../../../shared/api';
import type { RegionRule } from '../../store';
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
  effect: RegionRule['effect'];
}

/**
 * Adds a region restriction to an employee's SIP number (SPEC §2). The region must be one of
 * the numbering table's, each number one of the company's; a number named twice counts once.
 */
export async function addRegionRule(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  input: RegionRuleInput,
): Promise<RegionRuleView> {
  const { view, sipNumber } = await deps.company.withTransaction(async (company) => {
    const number = await sipNumberOfEmployee(company, employeeId);
    const region = canonicalRegion(regionNames(deps), input.region);
    if (region === undefined) {
      throw ApiError.badField('region', `there is no region named "${input.region.trim()}"`);
    }
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
        sipNumber: number.number,
        region,
        numbers,
        effect: input.effect,
      }),
    );
    await audit(
      { ...deps, company },
      by,
      'region-rule.create',
      target(employeeId, number.number),
      null,
      created,
    );
    return { view: created, sipNumber: number.number };
  });
  deps.events.publish(by.companyId, { type: 'sip-number-changed', employeeId, sipNumber });
  return view;
}

export async function removeRegionRule(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  ruleId: number,
): Promise<void> {
  const sipNumber = await deps.company.withTransaction(async (company) => {
    const rule = await regionRuleOf(company, employeeId, ruleId);
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
  deps.events.publish(by.companyId, { type: 'sip-number-changed', employeeId, sipNumber });
}

const target = (employeeId: number, sipNumber: string) => `employee ${employeeId} (${sipNumber})`;
