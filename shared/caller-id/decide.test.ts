import { describe, expect, it } from 'vitest';
import type { CallerIdMode } from '../caller-id-modes';
import { decideCallerId } from '.';
import type { CallerIdReason } from '.';
import { CLIENTS, FAMILIAR_AT, N, RESTRICTIONS, input } from './test-support';
import type { Alias } from './test-support';

type Expected = `${Alias} ${CallerIdReason['kind']}` | 'refused';
/** [familiar number SPB1 present, no familiar number]. */
type Pair = [Expected, Expected];
type Table = Record<keyof typeof CLIENTS, Record<keyof typeof RESTRICTIONS, Pair>>;

// SPEC §3 as a table. The company: MSK (default), SPB1, SPB2, NSK, TF (no region), OFF
// (Saint Petersburg, disabled). Restrictions for the client's region: none; allow (SPb: SPB1,
// SPB2; Tatarstan: MSK, NSK); deny (SPb: SPB1; Tatarstan: MSK); a set that leaves nothing.
// Clients: in Saint Petersburg (matching), in Tatarstan (no company number there), no region.
// Fixed mode's number is NSK; random sources return 0, so a draw takes the first in number
// order (NSK < MSK < TF < SPB1 < SPB2).
const same = (e: Expected): Pair => [e, e];
const TABLE: Record<CallerIdMode, Table> = {
  fixed: {
    matching: {
      none: same('NSK fixed'),
      allow: same('SPB1 regional-fallback'),
      deny: same('NSK fixed'),
      nothingLeft: same('refused'),
    },
    other: {
      none: same('NSK fixed'),
      allow: same('NSK fixed'),
      deny: same('NSK fixed'),
      nothingLeft: same('refused'),
    },
    unknown: {
      none: same('NSK fixed'),
      allow: same('NSK fixed'),
      deny: same('NSK fixed'),
      nothingLeft: same('NSK fixed'),
    },
  },
  familiar: {
    matching: {
      none: ['SPB1 familiar', 'MSK default-fallback'],
      allow: ['SPB1 familiar', 'SPB1 regional-fallback'],
      deny: ['MSK default-fallback', 'MSK default-fallback'],
      nothingLeft: same('refused'),
    },
    other: {
      none: ['SPB1 familiar', 'MSK default-fallback'],
      allow: ['MSK default-fallback', 'MSK default-fallback'],
      deny: ['SPB1 familiar', 'NSK random-fallback'],
      nothingLeft: same('refused'),
    },
    unknown: {
      none: ['SPB1 familiar', 'MSK default-fallback'],
      allow: ['SPB1 familiar', 'MSK default-fallback'],
      deny: ['SPB1 familiar', 'MSK default-fallback'],
      nothingLeft: ['SPB1 familiar', 'MSK default-fallback'],
    },
  },
  'familiar-or-regional': {
    matching: {
      none: ['SPB1 familiar', 'SPB1 regional'],
      allow: ['SPB1 familiar', 'SPB1 regional'],
      deny: ['SPB2 regional', 'SPB2 regional'],
      nothingLeft: same('refused'),
    },
    other: {
      none: ['SPB1 familiar', 'MSK default-fallback'],
      allow: ['MSK default-fallback', 'MSK default-fallback'],
      deny: ['SPB1 familiar', 'NSK random-fallback'],
      nothingLeft: same('refused'),
    },
    unknown: {
      none: ['SPB1 familiar', 'MSK default-fallback'],
      allow: ['SPB1 familiar', 'MSK default-fallback'],
      deny: ['SPB1 familiar', 'MSK default-fallback'],
      nothingLeft: ['SPB1 familiar', 'MSK default-fallback'],
    },
  },
  random: {
    matching: {
      none: same('NSK random'),
      allow: same('SPB1 random'),
      deny: same('NSK random'),
      nothingLeft: same('refused'),
    },
    other: {
      none: same('NSK random'),
      allow: same('NSK random'),
      deny: same('NSK random'),
      nothingLeft: same('refused'),
    },
    unknown: {
      none: same('NSK random'),
      allow: same('NSK random'),
      deny: same('NSK random'),
      nothingLeft: same('NSK random'),
    },
  },
  'random-regional': {
    matching: {
      none: same('SPB1 random-regional'),
      allow: same('SPB1 random-regional'),
      deny: same('SPB2 random-regional'),
      nothingLeft: same('refused'),
    },
    other: {
      none: same('MSK default-fallback'),
      allow: same('MSK default-fallback'),
      deny: same('NSK random-fallback'),
      nothingLeft: same('refused'),
    },
    unknown: {
      none: same('MSK default-fallback'),
      allow: same('MSK default-fallback'),
      deny: same('MSK default-fallback'),
      nothingLeft: same('MSK default-fallback'),
    },
  },
};

const cases = Object.entries(TABLE).flatMap(([mode, clients]) =>
  Object.entries(clients).flatMap(([client, restrictions]) =>
    Object.entries(restrictions).flatMap(([restriction, [withFamiliar, withoutFamiliar]]) => [
      { mode, client, restriction, familiar: true, expected: withFamiliar },
      { mode, client, restriction, familiar: false, expected: withoutFamiliar },
    ]),
  ),
);

describe('decideCallerId: every mode × restriction × familiar × client region (SPEC §3)', () => {
  it('covers all 120 combinations', () => expect(cases).toHaveLength(5 * 3 * 4 * 2));

  it.each(cases)(
    '$mode, $restriction rules, familiar: $familiar, client $client → $expected',
    ({ mode, client, restriction, familiar, expected }) => {
      let draws = 0;
      const decision = decideCallerId(
        input({
          mode: mode as CallerIdMode,
          client: CLIENTS[client as keyof typeof CLIENTS],
          rules: RESTRICTIONS[restriction as keyof typeof RESTRICTIONS],
          familiar: familiar ? { companyNumber: N.SPB1, at: FAMILIAR_AT } : null,
          random: () => (draws++, 0),
        }),
      );
      if (expected === 'refused') {
        expect(decision).toEqual({
          ok: false,
          refusal: 'noCallerId',
          why: { kind: 'rules-leave-none', regions: expect.any(Array) },
          explanation: expect.stringMatching(/^no caller ID permitted: region restrictions for /),
        });
        return;
      }
      const [alias, kind] = expected.split(' ') as [keyof typeof N, string];
      expect(decision).toMatchObject({ ok: true, number: N[alias], reason: { kind } });
      expect(draws).toBe(kind.startsWith('random') ? 1 : 0);
    },
  );
});
