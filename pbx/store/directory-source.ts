import type {
  AbsencePeriod,
  Company,
  CompanyNumber,
  DeviceCredential,
  EpochMs,
  RegionRule,
  SipNumberWithOwner,
} from './entities';

/** The latest answered call between a company and a client (the "familiar" number, SPEC §3). */
export interface FamiliarRow {
  companyId: number;
  clientNumber: string;
  companyNumber: string;
  answeredAt: EpochMs;
  /** The employee's SIP number on that call (return calls, SPEC §3). */
  employeeNumber: string;
}

/**
 * The reads the in-memory directory is built from: whole tables at start, in pages, and one
 * key again when a change names it. Across companies by design: it serves the SIP path of
 * every company at once.
 */
export interface DirectorySource {
  companies(): Promise<Company[]>;
  /** SIP numbers after `after` (by number), at most `limit`. */
  sipNumbers(after: string, limit: number): Promise<SipNumberWithOwner[]>;
  sipNumbersOfCompany(companyId: number): Promise<SipNumberWithOwner[]>;
  companyNumbers(companyId?: number): Promise<CompanyNumber[]>;
  /** Periods not over at `now`, of everyone or of one employee. */
  absences(now: EpochMs, employeeId?: number): Promise<AbsencePeriod[]>;
  /** Every rule, or one SIP number's. */
  regionRules(sipNumber?: string): Promise<RegionRule[]>;
  /** One company's company-wide rules. */
  companyRegionRules(companyId: number): Promise<RegionRule[]>;
  /** Answered calls with clients by record id after `afterId`: the familiar numbers, in pages. */
  familiar(afterId: number, limit: number): Promise<(FamiliarRow & { id: number })[]>;
  familiarOf(companyId: number, clientNumber: string): Promise<FamiliarRow | undefined>;
  domain(): Promise<string | undefined>;
  /** Every device credential, or one SIP number's (what the authenticator reads). */
  deviceCredentials(sipNumber?: string): Promise<DeviceCredential[]>;
}
