import { describe, expect, it } from 'vitest';
import { explainReason } from '.';
import type { CallerIdReason } from '.';

const AT = Date.UTC(2026, 10, 20, 22, 30);

describe('explainReason', () => {
  it.each<[CallerIdReason, string]>([
    [{ kind: 'fixed' }, 'fixed number'],
    [{ kind: 'employee-choice' }, "fixed: the employee's own choice"],
    [{ kind: 'familiar', at: AT }, 'familiar: last answered call on 2026-11-20'],
    [
      { kind: 'regional', region: 'Saint Petersburg' },
      'regional: a company number in Saint Petersburg',
    ],
    [{ kind: 'random', of: 3 }, 'random: one of 3 permitted numbers'],
    [{ kind: 'random' }, 'random: one of the permitted numbers'],
    [
      { kind: 'random-regional', region: 'Saint Petersburg', of: 1 },
      'random regional: the only permitted number in Saint Petersburg',
    ],
    [
      {
        kind: 'default-fallback',
        because: [{ kind: 'no-regional', cause: 'none-in-region', regions: ['Saint Petersburg'] }],
      },
      'default number: no company number in Saint Petersburg',
    ],
    [
      {
        kind: 'regional-fallback',
        region: 'Saint Petersburg',
        because: [
          { kind: 'no-familiar' },
          {
            kind: 'not-permitted',
            role: 'default',
            number: '+74951110000',
            cause: 'disabled',
            regions: [],
          },
        ],
      },
      'a permitted number in Saint Petersburg: no familiar number, and the default number +74951110000 is disabled',
    ],
    [
      { kind: 'random-fallback', of: 2, because: [{ kind: 'no-default' }] },
      'random: one of 2 permitted numbers, since the company has no default number',
    ],
  ])('%j → %s', (reason, text) => {
    expect(explainReason(reason)).toBe(text);
  });

  it('dates the familiar call in the given time zone, UTC by default or for an unknown zone', () => {
    const familiar = { kind: 'familiar', at: AT } as const;
    expect(explainReason(familiar, { timeZone: 'Europe/Moscow' })).toBe(
      'familiar: last answered call on 2026-11-21',
    );
    expect(explainReason(familiar, { timeZone: 'Not/AZone' })).toBe(
      'familiar: last answered call on 2026-11-20',
    );
  });
});
