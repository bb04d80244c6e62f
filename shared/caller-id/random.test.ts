import { describe, expect, it } from 'vitest';
import { decideCallerId } from '.';
import type { CallerIdInput } from '.';
import { COMPANY, N, SPB, input, rule, seeded } from './test-support';

const DRAWS = 10_000;

function tally(overrides: Partial<CallerIdInput>): Map<string, number> {
  const counts = new Map<string, number>();
  const random = seeded(20261120);
  for (let i = 0; i < DRAWS; i += 1) {
    const decision = decideCallerId(input({ ...overrides, random }));
    if (!decision.ok) throw new Error(decision.explanation);
    counts.set(decision.number, (counts.get(decision.number) ?? 0) + 1);
  }
  return counts;
}

function expectUniform(counts: Map<string, number>, permitted: string[]): void {
  expect([...counts.keys()].sort()).toEqual([...permitted].sort());
  const expected = DRAWS / permitted.length;
  for (const number of permitted) {
    const count = counts.get(number) ?? 0;
    expect(count, number).toBeGreaterThanOrEqual(expected * 0.9);
    expect(count, number).toBeLessThanOrEqual(expected * 1.1);
  }
}

describe('random modes', () => {
  it('random: uniform over the permitted numbers, never a denied or disabled one', () => {
    const counts = tally({ mode: 'random', rules: [rule(SPB, 'deny', N.MSK)] });
    expectUniform(counts, [N.NSK, N.TF, N.SPB1, N.SPB2]);
  });

  it("random-regional: uniform over the permitted numbers in the client's region", () => {
    const spb3 = { number: '+78123330000', region: SPB, enabled: true, isDefault: false };
    const counts = tally({ mode: 'random-regional', companyNumbers: [...COMPANY, spb3] });
    expectUniform(counts, [N.SPB1, N.SPB2, spb3.number]);
  });

  it('uses the injected source: the same draws give the same numbers, whatever the input order', () => {
    const pick = (companyNumbers: typeof COMPANY, seed: number) => {
      const random = seeded(seed);
      return Array.from({ length: 20 }, () => {
        const decision = decideCallerId(input({ mode: 'random', companyNumbers, random }));
        return decision.ok ? decision.number : null;
      });
    };
    expect(pick([...COMPANY].reverse(), 1)).toEqual(pick(COMPANY, 1));
    expect(pick(COMPANY, 1)).not.toEqual(pick(COMPANY, 2));
  });

  it('maps the edges of the source onto the first and the last permitted number', () => {
    const at = (r: number) => decideCallerId(input({ mode: 'random', random: () => r }));
    expect(at(0)).toMatchObject({
      number: N.NSK,
      explanation: 'random: one of 5 permitted numbers',
    });
    expect(at(0.9999999)).toMatchObject({ number: N.SPB2 });
    expect(at(1)).toMatchObject({ number: N.SPB2 });
    expect(at(Number.NaN)).toMatchObject({ number: N.NSK });
  });
});
