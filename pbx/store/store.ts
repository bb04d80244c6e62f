/**
 * The PBX's persistence boundary: one repository per entity, plain data in and out.
 * SQLite is the first driver (./sqlite); no SQL leaves this folder, so a PostgreSQL
 * driver can implement the same interface.
 */
import { CALLER_ID_MODES, type CallerIdMode } from '../../shared/caller-id-modes';

/** Milliseconds since the Unix epoch: the one timestamp format of the store. */
export type EpochMs = number;

export interface Company {
  id: number;
  name: string;
  createdAt: EpochMs;
}

export interface Employee {
  id: number;
  companyId: number;
  name: string;
  email: string | null;
  createdAt: EpochMs;
}

/** An employee as the directory lists it: with the SIP number, when one exists. */
export interface EmployeeListItem extends Employee {
  sipNumber: string | null;
  enabled: boolean | null;
}

export { CALLER_ID_MODES, type CallerIdMode };

/** What an admin can change on a SIP number (SPEC §2). */
export interface SipNumberSettings {
  enabled: boolean;
  multiTerminal: boolean;
  /** 1–10 simultaneous conversations. */
  channels: number;
  callerIdMode: CallerIdMode;
  fixedCallerId: string | null;
  employeeMayChooseCallerId: boolean;
  /** Calls to international and to premium-rate (809) numbers; refused unless allowed (SPEC §3). */
  internationalAllowed: boolean;
  premiumAllowed: boolean;
}

export interface SipNumber extends SipNumberSettings {
  /** Seven digits with a leading zero; also the SIP user name. */
  number: string;
  companyId: number;
  employeeId: number;
  /** MD5(number:realm:password); the password itself is never stored. */
  ha1: string;
  createdAt: EpochMs;
  passwordChangedAt: EpochMs;
  /** The employee's own caller-ID choice (fixed mode, when allowed); all devices use it. */
  chosenCallerId: string | null;
}

/** A SIP number with what the registrar and the proxy need of its owner. */
export interface SipNumberWithOwner extends SipNumber {
  employeeName: string;
}

export type NewSipNumber = Pick<SipNumber, 'number' | 'companyId' | 'employeeId' | 'ha1'> &
  Partial<SipNumberSettings>;

export interface Admin {
  id: number;
  companyId: number;
  /** Stored lower-case. */
  email: string;
  /** `scrypt$N$r$p$salt$hash`, see pbx/directory/admins.ts. */
  passwordHash: string;
  createdAt: EpochMs;
}

export type CallResult = 'answered' | 'busy' | 'no-answer' | 'cancelled' | 'declined' | 'failed';

export interface CallRecord {
  id: number;
  callId: string;
  companyId: number;
  callerNumber: string;
  /** Names as they were when the call happened; later renames do not touch them. */
  callerName: string | null;
  calleeNumber: string;
  calleeName: string | null;
  callerDevice: string;
  calleeDevice: string | null;
  startedAt: EpochMs;
  answeredAt: EpochMs | null;
  endedAt: EpochMs | null;
  /** Null while the call is in progress. */
  result: CallResult | null;
  /** Final SIP status, when there was one. */
  status: number | null;
  /** internal: SIP number to SIP number; outgoing/incoming: with a client through the carrier. */
  direction: CallDirection;
  /** The client's E.164 number (calls with the carrier). */
  clientNumber: string | null;
  /** The company number the client saw or dialled. */
  companyNumber: string | null;
  /** Why that caller ID was chosen ("familiar: last answered call on 2026-11-20"). */
  callerIdReason: string | null;
  /** The SIP number that transferred the call to its callee, when it was transferred. */
  transferredBy: string | null;
}

export type CallDirection = 'internal' | 'outgoing' | 'incoming';

export type NewCallRecord = Omit<
  CallRecord,
  | 'id'
  | 'answeredAt'
  | 'endedAt'
  | 'result'
  | 'status'
  | 'calleeDevice'
  | 'direction'
  | 'clientNumber'
  | 'companyNumber'
  | 'callerIdReason'
  | 'transferredBy'
> &
  Partial<
    Pick<
      CallRecord,
      | 'calleeDevice'
      | 'direction'
      | 'clientNumber'
      | 'companyNumber'
      | 'callerIdReason'
      | 'transferredBy'
    >
  >;

export interface CompanyRepository {
  create(input: { name: string }): Company;
  get(id: number): Company | undefined;
  list(): Company[];
  count(): number;
}

export interface EmployeeQuery {
  /** Case-insensitive substring of the name, e-mail or SIP number. */
  search?: string;
  offset?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface EmployeeRepository {
  create(input: { companyId: number; name: string; email?: string | null }): Employee;
  get(id: number): Employee | undefined;
  getBySipNumber(number: string): Employee | undefined;
  /** Ordered by name, then id. */
  list(companyId: number, query?: EmployeeQuery): EmployeeListItem[];
  count(companyId: number, search?: string): number;
  update(id: number, patch: { name?: string; email?: string | null }): Employee | undefined;
  /** Also removes the employee's SIP number. */
  remove(id: number): boolean;
}

export interface SipNumberRepository {
  /** Hot path: called for every REGISTER and call. */
  get(number: string): SipNumberWithOwner | undefined;
  getByEmployee(employeeId: number): SipNumberWithOwner | undefined;
  create(input: NewSipNumber): SipNumber;
  updateSettings(number: string, patch: Partial<SipNumberSettings>): SipNumber | undefined;
  setHa1(number: string, ha1: string): boolean;
  /** The employee's own caller-ID choice; null goes back to the admin's number. */
  setChosenCallerId(number: string, chosen: string | null): boolean;
  remove(number: string): boolean;
  listByCompany(companyId: number): SipNumberWithOwner[];
  /** True while a SIP number exists or a call record names the number (SPEC §3). */
  isTaken(number: string): boolean;
}

export interface AdminRepository {
  create(input: { companyId: number; email: string; passwordHash: string }): Admin;
  get(id: number): Admin | undefined;
  getByEmail(email: string): Admin | undefined;
  listByCompany(companyId: number): Admin[];
  setPasswordHash(id: number, passwordHash: string): boolean;
  remove(id: number): boolean;
}

export interface CallRecordQuery {
  /** Default 100, at most 1000. */
  limit?: number;
  /** Only calls where this number is the caller or the callee. */
  number?: string;
}

export interface CallRecordRepository {
  insert(record: NewCallRecord): number;
  get(id: number): CallRecord | undefined;
  markAnswered(id: number, at: EpochMs, calleeDevice: string | null): void;
  markEnded(id: number, at: EpochMs, result: CallResult, status: number | null): void;
  /** Newest first. */
  list(companyId: number, query?: CallRecordQuery): CallRecord[];
  /** The latest record with this Call-ID. */
  getByCallId(callId: string): CallRecord | undefined;
  /**
   * The latest answered call, in either direction, between the company and a client number:
   * the "familiar" number's source (SPEC §3).
   */
  latestAnsweredWithClient(
    companyId: number,
    clientNumber: string,
  ): { companyNumber: string; answeredAt: EpochMs } | undefined;
}

/** Allow or forbid company numbers as caller ID for calls into a region (SPEC §2). */
export interface RegionRule {
  id: number;
  companyId: number;
  /** The SIP number the rule belongs to. */
  sipNumber: string;
  /** Canonical federal-subject name (pbx/numbering). */
  region: string;
  /** E.164 company numbers. */
  numbers: string[];
  effect: 'allow' | 'deny';
  createdAt: EpochMs;
}

export interface RegionRuleRepository {
  create(input: Omit<RegionRule, 'id' | 'createdAt'>): RegionRule;
  get(id: number): RegionRule | undefined;
  listBySipNumber(sipNumber: string): RegionRule[];
  remove(id: number): boolean;
}

export interface AbsencePeriod {
  id: number;
  companyId: number;
  employeeId: number;
  /** In force from `from` (inclusive) to `to` (exclusive). */
  from: EpochMs;
  to: EpochMs;
  reason: string;
  /** The colleague who takes the calls; null: calls are refused as absent. */
  forwardToEmployeeId: number | null;
  createdAt: EpochMs;
}

export type NewAbsencePeriod = Omit<AbsencePeriod, 'id' | 'createdAt'>;

export interface AbsenceRepository {
  create(input: NewAbsencePeriod): AbsencePeriod;
  get(id: number): AbsencePeriod | undefined;
  /** Ordered by `from`. */
  listByEmployee(employeeId: number): AbsencePeriod[];
  /** Periods of the employee that share any moment with [from, to). */
  overlapping(employeeId: number, from: EpochMs, to: EpochMs): AbsencePeriod[];
  /** The period in force at `at`, if any. */
  current(employeeId: number, at: EpochMs): AbsencePeriod | undefined;
  remove(id: number): boolean;
}

/** A phone number of the company (the carrier's DID), E.164. */
export interface CompanyNumber {
  id: number;
  companyId: number;
  /** E.164, unique across the PBX. */
  number: string;
  region: string | null;
  enabled: boolean;
  /** At most one per company; setting it clears the others. */
  isDefault: boolean;
  /** The employee an inbound call to this number goes to. */
  inboundEmployeeId: number | null;
  createdAt: EpochMs;
}

export type NewCompanyNumber = Omit<CompanyNumber, 'id' | 'createdAt'>;
export type CompanyNumberPatch = Partial<
  Pick<CompanyNumber, 'region' | 'enabled' | 'isDefault' | 'inboundEmployeeId'>
>;

export interface CompanyNumberRepository {
  create(input: NewCompanyNumber): CompanyNumber;
  get(id: number): CompanyNumber | undefined;
  getByNumber(number: string): CompanyNumber | undefined;
  /** Ordered by number. */
  listByCompany(companyId: number): CompanyNumber[];
  update(id: number, patch: CompanyNumberPatch): CompanyNumber | undefined;
  remove(id: number): boolean;
}

/** One admin change: who, what, before and after (never a password or HA1). */
export interface AuditEntry {
  id: number;
  companyId: number;
  /** The admin's e-mail (kept as it was), or `cli` for the command line. */
  actor: string;
  /** e.g. `employee.create`, `sip-number.update`. */
  action: string;
  /** What was changed, e.g. `employee 12 (0462626)`. */
  target: string;
  before: unknown;
  after: unknown;
  at: EpochMs;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): AuditEntry;
  /** Newest first. */
  list(companyId: number, query?: { offset?: number; limit?: number }): AuditEntry[];
  count(companyId: number): number;
}

/** A signed-in API session; only the SHA-256 of its bearer token is stored. */
export interface ApiSession {
  tokenHash: string;
  role: 'admin' | 'employee';
  /** Admin id or employee id. */
  subjectId: number;
  companyId: number;
  createdAt: EpochMs;
  /** Sliding: moved forward as the session is used. */
  expiresAt: EpochMs;
}

export interface ApiSessionRepository {
  create(session: ApiSession): void;
  get(tokenHash: string): ApiSession | undefined;
  setExpiry(tokenHash: string, expiresAt: EpochMs): void;
  remove(tokenHash: string): boolean;
  /** Revokes every session of an admin or an employee; returns how many. */
  removeBySubject(role: ApiSession['role'], subjectId: number): number;
  removeExpired(now: EpochMs): number;
}

export interface Store {
  readonly companies: CompanyRepository;
  readonly employees: EmployeeRepository;
  readonly sipNumbers: SipNumberRepository;
  readonly admins: AdminRepository;
  readonly callRecords: CallRecordRepository;
  readonly absences: AbsenceRepository;
  readonly companyNumbers: CompanyNumberRepository;
  readonly audit: AuditRepository;
  readonly apiSessions: ApiSessionRepository;
  readonly regionRules: RegionRuleRepository;
  /** Runs fn atomically (nested calls join the outer transaction); fn must be synchronous. */
  transaction<T>(fn: () => T): T;
  /** Changes when another connection (e.g. the CLI) commits; our own writes leave it alone. */
  dataVersion(): number;
  close(): void;
}
