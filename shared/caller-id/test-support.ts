import type { CallerIdInput, CompanyNumberInfo, RegionRule } from './types';

/** A company with numbers in three regions, one without a region and one disabled. */
export const N = {
  NSK: '+73831110000',
  MSK: '+74951110000',
  TF: '+78001110000',
  SPB1: '+78121110000',
  SPB2: '+78122220000',
  OFF: '+78129990000',
} as const;
export type Alias = keyof typeof N;

export const SPB = 'Saint Petersburg';
export const LEN = 'Leningrad Oblast';
export const TAT = 'Republic of Tatarstan';

export const COMPANY: CompanyNumberInfo[] = [
  { number: N.MSK, region: 'Moscow', enabled: true, isDefault: true },
  { number: N.SPB1, region: SPB, enabled: true, isDefault: false },
  { number: N.SPB2, region: SPB, enabled: true, isDefault: false },
  { number: N.NSK, region: 'Novosibirsk Oblast', enabled: true, isDefault: false },
  { number: N.OFF, region: SPB, enabled: false, isDefault: false },
  { number: N.TF, region: null, enabled: true, isDefault: false },
];

export const CLIENTS = {
  matching: { number: '+78125550000', regions: [SPB] },
  other: { number: '+78435550000', regions: [TAT] },
  unknown: { number: '+78005550000', regions: [] },
} satisfies Record<string, CallerIdInput['client']>;

/** 2026-11-20, 10:00 UTC. */
export const FAMILIAR_AT = Date.UTC(2026, 10, 20, 10);

export const rule = (region: string, effect: RegionRule['effect'], ...numbers: string[]) => ({
  region,
  effect,
  numbers,
});

/** The same kinds of restriction for the matching and the other region. */
export const RESTRICTIONS = {
  none: [],
  allow: [rule(SPB, 'allow', N.SPB1, N.SPB2), rule(TAT, 'allow', N.MSK, N.NSK)],
  deny: [rule(SPB, 'deny', N.SPB1), rule(TAT, 'deny', N.MSK)],
  nothingLeft: [rule(SPB, 'allow', N.OFF), rule(TAT, 'deny', N.NSK, N.MSK, N.TF, N.SPB1, N.SPB2)],
} satisfies Record<string, RegionRule[]>;

export function input(overrides: Partial<CallerIdInput> = {}): CallerIdInput {
  return {
    mode: 'fixed',
    fixedNumber: N.NSK,
    employeeMayChoose: false,
    employeeChoice: null,
    companyNumbers: COMPANY,
    rules: [],
    client: CLIENTS.matching,
    familiar: null,
    random: () => 0,
    ...overrides,
  };
}

/** Seeded PRNG (mulberry32): the same draws on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
