import { describe, expect, it } from 'vitest';
import { decideCallerId, permittedNumbers } from '.';
import type { CompanyNumberInfo, RegionRule } from '.';
import { CLIENTS, COMPANY, N, SPB, TAT, input, rule } from './test-support';

const numbersOf = (list: CompanyNumberInfo[]) => list.map((info) => info.number);
const byCode = (region: string, effect: RegionRule['effect'], ...codes: string[]): RegionRule => ({
  region,
  effect,
  numbers: [],
  codes,
});
const byRegion = (
  region: string,
  effect: RegionRule['effect'],
  ...numberRegions: string[]
): RegionRule => ({ region, effect, numbers: [], numberRegions });

describe('the fallback when the default number is barred (SPEC §3)', () => {
  const barDefault = [rule(SPB, 'deny', N.MSK)];

  it('prefers a permitted number in the client’s region, and says so', () => {
    const decision = decideCallerId(input({ mode: 'familiar', rules: barDefault }));
    expect(decision).toMatchObject({
      number: N.SPB1,
      reason: { kind: 'regional-fallback', region: SPB },
      explanation: `a permitted number in Saint Petersburg: no familiar number, and the default number ${N.MSK} is not permitted for Saint Petersburg`,
    });
  });

  it('never takes a number of another region while one in the client’s is permitted', () => {
    // The old fallback took the first in number order: a Novosibirsk number for SPb.
    for (const random of [() => 0, () => 0.5, () => 0.99]) {
      const decision = decideCallerId(input({ mode: 'familiar', rules: barDefault, random }));
      expect(decision.ok && decision.number).toBe(N.SPB1);
    }
  });

  it('with none in the client’s region, draws any permitted number at random and says why', () => {
    const rules = [rule(TAT, 'deny', N.MSK)];
    const drawn = new Set<string>();
    for (const r of [0, 0.3, 0.5, 0.7, 0.99]) {
      const decision = decideCallerId(
        input({ mode: 'familiar', client: CLIENTS.other, rules, random: () => r }),
      );
      expect(decision).toMatchObject({ reason: { kind: 'random-fallback', of: 4 } });
      if (decision.ok) drawn.add(decision.number);
      expect(decision.ok && decision.explanation).toBe(
        `random: one of 4 permitted numbers, since no familiar number, and the default number ${N.MSK} is not permitted for Republic of Tatarstan, and no company number in Republic of Tatarstan`,
      );
    }
    expect([...drawn].sort()).toEqual([N.NSK, N.TF, N.SPB1, N.SPB2].sort());
  });
});

describe('region rules by code and by region', () => {
  const later = { number: '+78123330000', region: SPB, enabled: true, isDefault: false };

  it('a rule by code covers a number connected after it was made', () => {
    const rules = [byCode(SPB, 'allow', '812')];
    const before = permittedNumbers({ companyNumbers: COMPANY, rules, client: CLIENTS.matching });
    expect(numbersOf(before)).toEqual([N.SPB1, N.SPB2]);
    const after = permittedNumbers({
      companyNumbers: [...COMPANY, later],
      rules,
      client: CLIENTS.matching,
    });
    expect(numbersOf(after)).toEqual([N.SPB1, N.SPB2, later.number]);
  });

  it('a rule by region names the company’s numbers in that region, later ones too', () => {
    const rules = [byRegion(SPB, 'allow', SPB)];
    const decision = decideCallerId(
      input({ mode: 'random', companyNumbers: [...COMPANY, later], rules, random: () => 0.99 }),
    );
    expect(decision).toMatchObject({ number: later.number, reason: { kind: 'random', of: 3 } });
  });

  it('deny by code removes the code’s numbers; numbers, codes and regions mix in one rule', () => {
    const deny = permittedNumbers({
      companyNumbers: COMPANY,
      rules: [byCode(SPB, 'deny', '812', '495')],
      client: CLIENTS.matching,
    });
    expect(numbersOf(deny)).toEqual([N.NSK, N.TF]);
    const mixed = permittedNumbers({
      companyNumbers: COMPANY,
      rules: [{ ...rule(SPB, 'allow', N.TF), codes: ['383'], numberRegions: ['Moscow'] }],
      client: CLIENTS.matching,
    });
    expect(numbersOf(mixed)).toEqual([N.NSK, N.MSK, N.TF]);
  });
});

describe('company-wide rules refined per SIP number', () => {
  const companyRules = [byCode(SPB, 'allow', '812'), byCode(TAT, 'deny', '495')];

  it('apply to a SIP number with no rules of its own', () => {
    expect(
      numbersOf(
        permittedNumbers({
          companyNumbers: COMPANY,
          rules: [],
          companyRules,
          client: CLIENTS.matching,
        }),
      ),
    ).toEqual([N.SPB1, N.SPB2]);
    expect(
      numbersOf(
        permittedNumbers({
          companyNumbers: COMPANY,
          rules: [],
          companyRules,
          client: CLIENTS.other,
        }),
      ),
    ).toEqual([N.NSK, N.TF, N.SPB1, N.SPB2]);
  });

  it('a SIP number’s own rules for a region take the place of the company’s for that region only', () => {
    const rules = [rule(SPB, 'allow', N.MSK)];
    expect(
      numbersOf(
        permittedNumbers({
          companyNumbers: COMPANY,
          rules,
          companyRules,
          client: CLIENTS.matching,
        }),
      ),
    ).toEqual([N.MSK]);
    // Tatarstan keeps the company's default rule
    expect(
      numbersOf(
        permittedNumbers({ companyNumbers: COMPANY, rules, companyRules, client: CLIENTS.other }),
      ),
    ).toEqual([N.NSK, N.TF, N.SPB1, N.SPB2]);
  });

  it('reach the decision: fixed mode falls back when the company bars the fixed number', () => {
    const decision = decideCallerId(input({ companyRules }));
    expect(decision).toMatchObject({ number: N.SPB1, reason: { kind: 'regional-fallback' } });
  });
});
