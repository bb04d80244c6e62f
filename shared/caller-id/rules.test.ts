import { describe, expect, it } from 'vitest';
import { CALLER_ID_MODES } from '../caller-id-modes';
import { decideCallerId, permittedNumbers } from '.';
import {
  CLIENTS,
  COMPANY,
  FAMILIAR_AT,
  LEN,
  N,
  SPB,
  TAT,
  input,
  rule,
  seeded,
} from './test-support';

describe('employee choice (fixed mode)', () => {
  it('is honoured when the admin allows it and the number is permitted', () => {
    const decision = decideCallerId(input({ employeeMayChoose: true, employeeChoice: N.SPB2 }));
    expect(decision).toEqual({
      ok: true,
      number: N.SPB2,
      reason: { kind: 'employee-choice' },
      explanation: "fixed: the employee's own choice",
    });
  });

  it('is ignored without a word when the admin does not allow choosing', () => {
    const decision = decideCallerId(input({ employeeMayChoose: false, employeeChoice: N.SPB2 }));
    expect(decision).toMatchObject({ number: N.NSK, reason: { kind: 'fixed' } });
    expect(decision.ok && decision.reason).toEqual({ kind: 'fixed' });
  });

  it("falls back to the admin's number, saying why, when the choice is not permitted", () => {
    const denied = decideCallerId(
      input({
        employeeMayChoose: true,
        employeeChoice: N.SPB2,
        rules: [rule(SPB, 'deny', N.SPB2)],
      }),
    );
    expect(denied).toMatchObject({
      number: N.NSK,
      explanation: `fixed number (the employee's choice ${N.SPB2} is not permitted for Saint Petersburg)`,
    });
    const disabled = decideCallerId(input({ employeeMayChoose: true, employeeChoice: N.OFF }));
    expect(disabled).toMatchObject({
      number: N.NSK,
      reason: {
        kind: 'fixed',
        skipped: { kind: 'not-permitted', role: 'choice', number: N.OFF, cause: 'disabled' },
      },
    });
    const foreign = decideCallerId(
      input({ employeeMayChoose: true, employeeChoice: '+74990000000' }),
    );
    expect(foreign).toMatchObject({
      number: N.NSK,
      explanation: expect.stringContaining('is not a company number'),
    });
  });

  it('does not apply outside fixed mode', () => {
    for (const mode of ['familiar', 'familiar-or-regional', 'random', 'random-regional'] as const) {
      const decision = decideCallerId(
        input({ mode, employeeMayChoose: true, employeeChoice: N.TF }),
      );
      expect(decision.ok && decision.number).not.toBe(N.TF);
    }
  });
});

describe('fixed mode', () => {
  it('uses the default number when the admin set none', () => {
    expect(decideCallerId(input({ fixedNumber: null }))).toMatchObject({
      number: N.MSK,
      reason: { kind: 'fixed' },
    });
  });

  it('falls back to the default number when the fixed one is not permitted', () => {
    const decision = decideCallerId(input({ rules: [rule(SPB, 'deny', N.NSK)] }));
    expect(decision).toEqual({
      ok: true,
      number: N.MSK,
      reason: {
        kind: 'default-fallback',
        because: [
          { kind: 'not-permitted', role: 'fixed', number: N.NSK, cause: 'region', regions: [SPB] },
        ],
      },
      explanation: `default number: the fixed number ${N.NSK} is not permitted for Saint Petersburg`,
    });
  });

  it('names the default number once when it is both the fixed number and not permitted', () => {
    const company = COMPANY.map((n) => (n.number === N.MSK ? { ...n, enabled: false } : n));
    const decision = decideCallerId(input({ fixedNumber: null, companyNumbers: company }));
    expect(decision).toMatchObject({
      number: N.SPB1,
      reason: {
        kind: 'regional-fallback',
        region: SPB,
        because: [{ kind: 'not-permitted', role: 'default', number: N.MSK, cause: 'disabled' }],
      },
      explanation: `a permitted number in Saint Petersburg: the default number ${N.MSK} is disabled`,
    });
  });

  it('with neither a fixed nor a default number, takes a permitted number in the client’s region', () => {
    const company = COMPANY.map((n) => ({ ...n, isDefault: false }));
    expect(decideCallerId(input({ fixedNumber: null, companyNumbers: company }))).toMatchObject({
      number: N.SPB1,
      explanation:
        'a permitted number in Saint Petersburg: no fixed number is set, and the company has no default number',
    });
  });
});

describe('familiar modes', () => {
  const familiar = { companyNumber: N.SPB1, at: FAMILIAR_AT };

  it('explain the familiar number with the date of the last answered call', () => {
    expect(decideCallerId(input({ mode: 'familiar', familiar }))).toMatchObject({
      number: N.SPB1,
      reason: { kind: 'familiar', at: FAMILIAR_AT },
      explanation: 'familiar: last answered call on 2026-11-20',
    });
  });

  it('say why the familiar number was not used', () => {
    expect(
      decideCallerId(
        input({ mode: 'familiar', familiar: { companyNumber: N.OFF, at: FAMILIAR_AT } }),
      ),
    ).toMatchObject({
      number: N.MSK,
      explanation: `default number: the familiar number ${N.OFF} is disabled`,
    });
    expect(
      decideCallerId(input({ mode: 'familiar-or-regional', client: CLIENTS.other })),
    ).toMatchObject({
      number: N.MSK,
      explanation:
        'default number: no familiar number, and no company number in Republic of Tatarstan',
    });
    expect(
      decideCallerId(input({ mode: 'familiar-or-regional', client: CLIENTS.unknown })),
    ).toMatchObject({
      explanation: "default number: no familiar number, and the client's number has no region",
    });
  });

  it('prefer the default number among regional ones, so a new client always sees the same number', () => {
    const company = COMPANY.map((n) => ({ ...n, isDefault: n.number === N.SPB2 }));
    const decision = decideCallerId(
      input({ mode: 'familiar-or-regional', companyNumbers: company }),
    );
    expect(decision).toMatchObject({
      number: N.SPB2,
      reason: { kind: 'regional', region: SPB },
      explanation: 'regional: a company number in Saint Petersburg',
    });
  });
});

describe('regions', () => {
  const lenNumber = { number: '+78136110000', region: LEN, enabled: true, isDefault: false };
  const spbMobile = { number: '+79211110000', region: SPB, enabled: true, isDefault: false };

  it('mean the same federal subject, not the same code', () => {
    const company = [COMPANY[0]!, lenNumber, spbMobile];
    const decision = decideCallerId(input({ mode: 'random-regional', companyNumbers: company }));
    expect(decision).toMatchObject({
      number: spbMobile.number,
      reason: { kind: 'random-regional', region: SPB, of: 1 },
    });
  });

  it('a two-subject client matches numbers and rules of either subject', () => {
    const client = { number: '+78125550000', regions: [SPB, LEN] };
    const company = [COMPANY[0]!, lenNumber];
    expect(
      decideCallerId(input({ mode: 'familiar-or-regional', companyNumbers: company, client })),
    ).toMatchObject({ number: lenNumber.number, reason: { kind: 'regional', region: LEN } });
    expect(
      decideCallerId(
        input({
          mode: 'familiar-or-regional',
          companyNumbers: company,
          client,
          rules: [rule(LEN, 'deny', lenNumber.number)],
        }),
      ),
    ).toMatchObject({
      number: N.MSK,
      explanation:
        'default number: no familiar number, and no permitted company number in Saint Petersburg or Leningrad Oblast',
    });
  });

  it('rules of other regions do not apply; allow rules add nothing that is disabled; deny wins over allow', () => {
    const rules = [
      rule(TAT, 'deny', N.MSK),
      rule(SPB, 'allow', N.SPB1, N.OFF, N.MSK),
      rule(SPB, 'allow', N.SPB2),
      rule(SPB, 'deny', N.SPB2),
    ];
    const permitted = permittedNumbers({
      companyNumbers: COMPANY,
      rules,
      client: CLIENTS.matching,
    });
    expect(permitted.map((n) => n.number)).toEqual([N.MSK, N.SPB1]);
  });
});

describe('refusal', () => {
  it('only when no company number at all is permitted, with a readable explanation', () => {
    const off = COMPANY.map((n) => ({ ...n, enabled: false }));
    expect(decideCallerId(input({ companyNumbers: off }))).toEqual({
      ok: false,
      refusal: 'noCallerId',
      why: { kind: 'no-enabled' },
      explanation: 'no caller ID permitted: the company has no enabled number',
    });
    expect(decideCallerId(input({ rules: [rule(SPB, 'allow', N.OFF)] }))).toEqual({
      ok: false,
      refusal: 'noCallerId',
      why: { kind: 'rules-leave-none', regions: [SPB] },
      explanation:
        "no caller ID permitted: region restrictions for Saint Petersburg leave none of the company's enabled numbers",
    });
  });
});

describe('disabled numbers', () => {
  it('are never chosen, whatever the mode, the familiar number, the choice or the default', () => {
    const company = COMPANY.map((n) => ({ ...n, isDefault: n.number === N.OFF }));
    const random = seeded(7);
    for (const mode of CALLER_ID_MODES) {
      for (const client of Object.values(CLIENTS)) {
        for (let i = 0; i < 50; i += 1) {
          const decision = decideCallerId(
            input({
              mode,
              client,
              companyNumbers: company,
              fixedNumber: N.OFF,
              employeeMayChoose: true,
              employeeChoice: N.OFF,
              familiar: { companyNumber: N.OFF, at: FAMILIAR_AT },
              random,
            }),
          );
          expect(decision.ok && decision.number).not.toBe(N.OFF);
        }
      }
    }
  });
});
