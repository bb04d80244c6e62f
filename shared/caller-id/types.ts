import type { CallerIdMode } from '../caller-id-modes';

/** A company number as the caller-ID decision sees it. */
export interface CompanyNumberInfo {
  /** E.164. */
  number: string;
  /** The federal subject the number belongs to; null for non-geographic numbers. */
  region: string | null;
  enabled: boolean;
  isDefault: boolean;
}

/**
 * A region restriction: allow only, or forbid, company numbers for calls into `region` (the
 * client's). The numbers are those listed, those with one of `codes` (area codes, `812`), and
 * those in one of `numberRegions`: codes and regions cover numbers connected later.
 */
export interface RegionRule {
  region: string;
  /** E.164 company numbers. */
  numbers: string[];
  codes?: string[];
  numberRegions?: string[];
  effect: 'allow' | 'deny';
}

export interface CallerIdInput {
  mode: CallerIdMode;
  /** The admin's fixed number (fixed mode); null = the default number. */
  fixedNumber: string | null;
  /** Whether the employee may choose (fixed mode only), and their stored choice. */
  employeeMayChoose: boolean;
  employeeChoice: string | null;
  companyNumbers: CompanyNumberInfo[];
  /** The SIP number's region restrictions. */
  rules: RegionRule[];
  /** The company's default restrictions: for a client region the SIP number has no rule for. */
  companyRules?: RegionRule[];
  /** The client's E.164 number and its regions (empty: unknown or nationwide; two for a two-subject registry row). */
  client: { number: string; regions: string[] };
  /** The company number of the latest answered call, in either direction, between the company and this client. */
  familiar: { companyNumber: string; at: number /* epoch ms */ } | null;
  /** [0, 1), injectable for tests. */
  random: () => number;
  /** IANA time zone for dates in the explanation; UTC when absent. */
  timeZone?: string;
}

/** Which number a "not permitted" is about. */
export type NumberRole = 'choice' | 'fixed' | 'default' | 'familiar';

/**
 * One reason a number was passed over, as data: the API hands it to the Admin tab, which words
 * it in the admin's language; explainReason words it in English for call records.
 */
export type CallerIdWhy =
  | { kind: 'no-familiar' }
  | { kind: 'no-fixed' }
  | { kind: 'no-default' }
  | {
      kind: 'not-permitted';
      role: NumberRole;
      number: string;
      cause: 'not-company' | 'disabled' | 'region';
      /** The client's regions, for `cause: 'region'`. */
      regions: string[];
    }
  | {
      kind: 'no-regional';
      cause: 'client-no-region' | 'none-in-region' | 'none-enabled' | 'none-permitted';
      regions: string[];
    };

/** Why nothing at all is permitted. */
export type CallerIdRefusalWhy =
  { kind: 'no-enabled' } | { kind: 'rules-leave-none'; regions: string[] };

export type CallerIdReason =
  /** `skipped`: why the employee's own choice was passed over, when they had one. */
  | { kind: 'fixed'; skipped?: CallerIdWhy }
  | { kind: 'employee-choice' }
  | { kind: 'familiar'; at: number }
  | { kind: 'regional'; region: string }
  /** `of`: how many permitted numbers the draw was over. */
  | { kind: 'random'; of?: number }
  | { kind: 'random-regional'; region: string; of?: number }
  | { kind: 'default-fallback'; because: CallerIdWhy[] }
  /** The mode found nothing and the default number is not permitted: one in the client's region. */
  | { kind: 'regional-fallback'; region: string; because: CallerIdWhy[] }
  /** …and none is in the client's region: any permitted number, drawn from `of`. */
  | { kind: 'random-fallback'; of: number; because: CallerIdWhy[] };

export type CallerIdDecision =
  | { ok: true; number: string; reason: CallerIdReason; explanation: string }
  | { ok: false; refusal: 'noCallerId'; why: CallerIdRefusalWhy; explanation: string };
