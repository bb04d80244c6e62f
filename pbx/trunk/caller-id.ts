import { decideCallerId, type CallerIdInput } from '../../shared/caller-id';
import { refusal } from '../sip/sip-error';
import type { Directory } from '../directory';
import type { RegionRule, SipNumberWithOwner } from '../store';
import type { CallerIdResolver } from './trunk';

const ruleOf = ({ region, numbers, codes, numberRegions, effect }: RegionRule) => ({
  region,
  numbers,
  codes,
  numberRegions,
  effect,
});

/**
 * Everything the caller-ID decision needs for one employee and one client, from the directory.
 * A company number without an admin's region has its number's own (regionsOf, SPEC §3).
 */
export function callerIdInput(
  directory: Directory,
  caller: SipNumberWithOwner,
  client: { number: string; regions: string[] },
  regionsOf: (e164: string) => string[],
  random: () => number = Math.random,
): CallerIdInput {
  const familiar = directory.callRecords.latestAnsweredWithClient(caller.companyId, client.number);
  return {
    mode: caller.callerIdMode,
    fixedNumber: caller.fixedCallerId,
    employeeMayChoose: caller.employeeMayChooseCallerId,
    employeeChoice: caller.chosenCallerId,
    companyNumbers: directory.companyNumbers
      .listByCompany(caller.companyId)
      .map(({ number, region, enabled, isDefault }) => ({
        number,
        region: region ?? regionsOf(number)[0] ?? null,
        enabled,
        isDefault,
      })),
    rules: directory.regionRules.listBySipNumber(caller.number).map(ruleOf),
    companyRules: directory.regionRules.listCompanyWide(caller.companyId).map(ruleOf),
    client,
    familiar: familiar ? { companyNumber: familiar.companyNumber, at: familiar.answeredAt } : null,
    random,
  };
}

/**
 * The PBX's side of the caller-ID decision (SPEC §3): the shared function over the directory's
 * data. Emergency calls always go out with the default number and are never refused for it.
 */
export function createCallerIdResolver(
  directory: Directory,
  regionsOf: (e164: string) => string[],
  random: () => number = Math.random,
): CallerIdResolver {
  return (caller, destination) => {
    if (destination.emergency) {
      const numbers = directory.companyNumbers.listByCompany(caller.companyId);
      const fallback = numbers.find((n) => n.isDefault) ?? numbers.find((n) => n.enabled);
      if (!fallback) throw refusal('noCallerId');
      return { number: fallback.number, explanation: 'emergency: the default number' };
    }
    const client = { number: destination.number, regions: regionsOf(destination.number) };
    const decision = decideCallerId(callerIdInput(directory, caller, client, regionsOf, random));
    if (!decision.ok) throw refusal('noCallerId');
    return { number: decision.number, explanation: decision.explanation };
  };
}
