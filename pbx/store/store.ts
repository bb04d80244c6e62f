/**
 * The PBX's persistence boundary: one repository per entity, plain data in and out.
 * SQLite is the first driver (./sqlite); no SQL leaves this folder, so a PostgreSQL
 * driver can implement the same interface.
 */

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

export const CALLER_ID_MODES = [
  'fixed',
  'familiar',
  'familiar-or-regional',
  'random',
  'random-regional',
] as const;
export type CallerIdMode = (typeof CALLER_ID_MODES)[number];

/** What an admin can change on a SIP number (SPEC §2). */
export interface SipNumberSettings {
  enabled: boolean;
  multiTerminal: boolean;
  /** 1–10 simultaneous conversations. */
  channels: number;
  callerIdMode: CallerIdMode;
  fixedCallerId: string | null;
  employeeMayChooseCallerId: boolean;
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
}

export type NewCallRecord = Omit<
  CallRecord,
  'id' | 'answeredAt' | 'endedAt' | 'result' | 'status' | 'calleeDevice'
> & { calleeDevice?: string | null };

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
}

export interface Store {
  readonly companies: CompanyRepository;
  readonly employees: EmployeeRepository;
  readonly sipNumbers: SipNumberRepository;
  readonly admins: AdminRepository;
  readonly callRecords: CallRecordRepository;
  /** Runs fn atomically (nested calls join the outer transaction); fn must be synchronous. */
  transaction<T>(fn: () => T): T;
  /** Changes when another connection (e.g. the CLI) commits; our own writes leave it alone. */
  dataVersion(): number;
  close(): void;
}
