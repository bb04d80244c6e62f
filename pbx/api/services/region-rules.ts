import type { RegionRule as RegionRuleView } from '../../../shared/api';
import type { RegionRule } from '../../store';
import type { ApiDeps } from '../deps';
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
export function addRegionRule(
  deps: ApiDeps,
  by: SessionContext,
  employeeId: number,
  input: RegionRuleInput,
): RegionRuleView {
  const { store } = deps;
  const { view, sipNumber } = store.transaction(() => {
    const number = sipNumberOfEmployee(store, by.companyId, employeeId);
    const region = canonicalRegion(regionNames(deps), input.region);
    if (region === undefined) {
      throw ApiError.badField('region', `there is no region named "${input.region.trim()}"`);
    }
    const numbers = [...new Set(input.numbers)];
    const foreign = notCompanyNumbers(store, by.companyId, numbers);
    if (foreign.length > 0) {
      throw ApiError.badField(
        'numbers',
        `${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not one of the company's numbers`,
      );
    }
    const created = regionRuleView(
      store.regionRules.create({
        companyId: by.companyId,
        sipNumber: number.number,
        region,
        numbers,
        effect: input.effect,
      }),
    );
    audit(deps, by, 'region-rule.create', target(employeeId, number.number), null, created);
    return { view: created, sipNumber: number.number };
  });
  deps.events.publish(by.companyId, { type: 'sip-number-changed', employeeId, sipNumber });
  return view;
}

export function removeRegionRule(
  deps: ApiDeps,
  by: SessionContext,
  employeeId: number,
  ruleId: number,
): void {
  const { store } = deps;
  const sipNumber = store.transaction(() => {
    const rule = regionRuleOf(store, by.companyId, employeeId, ruleId);
    store.regionRules.remove(rule.id);
    audit(
      deps,
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
