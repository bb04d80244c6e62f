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

/** A region restriction of a SIP number: allow or forbid `numbers` for calls into `region`. */
export interface RegionRule {
  region: string;
  /** E.164 company numbers. */
  numbers: string[];
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
  /** The client's E.164 number and its regions (empty: unknown or nationwide; two for a two-subject registry row). */
  client: { number: string; regions: string[] };
  /** The company number of the latest answered call, in either direction, between the company and this client. */
  familiar: { companyNumber: string; at: number /* epoch ms */ } | null;
  /** [0, 1), injectable for tests. */
  random: () => number;
  /** IANA time zone for dates in the explanation; UTC when absent. */
  timeZone?: string;
}

export type CallerIdReason =
  /** `skipped`: why the employee's own choice was passed over, when they had one. */
  | { kind: 'fixed'; skipped?: string }
  | { kind: 'employee-choice' }
  | { kind: 'familiar'; at: number }
  | { kind: 'regional'; region: string }
  /** `of`: how many permitted numbers the draw was over. */
  | { kind: 'random'; of?: number }
  | { kind: 'random-regional'; region: string; of?: number }
  | { kind: 'default-fallback'; because: string }
  /** The mode found nothing and the default number is not permitted: the first permitted number. */
  | { kind: 'permitted-fallback'; because: string };

export type CallerIdDecision =
  | { ok: true; number: string; reason: CallerIdReason; explanation: string }
  | { ok: false; refusal: 'noCallerId'; explanation: string };
