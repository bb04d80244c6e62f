/**
 * The PBX's persistence boundary: asynchronous repositories, plain data in and out, with
 * SQLite and PostgreSQL drivers behind this one contract (docs/architecture.md, Store). No SQL
 * leaves this folder. The operator's scope (`Store`) creates companies; everything a company
 * owns is reached through `store.forCompany(id)`, whose repositories cannot see another
 * company's rows.
 */
import type {
  AbsencePeriod,
  Admin,
  ApiSession,
  AuditEntry,
  CallRecord,
  CallResult,
  Company,
  CompanyNumber,
  CompanyNumberPatch,
  CompanyQuotas,
  DeviceCredential,
  Employee,
  EmployeeListItem,
  EpochMs,
  NewAbsencePeriod,
  NewCallRecord,
  NewCompanyNumber,
  NewSipNumber,
  Operator,
  RegionRule,
  ReturnCallSettings,
  SipNumber,
  SipNumberSettings,
  SipNumberWithOwner,
  StoredBinding,
} from './entities';
import type { ChangeFeed } from './changes';
import type { DirectorySource } from './directory-source';

export * from './entities';
export type { Change, ChangeData, ChangeEntity, ChangeFeed } from './changes';
export type { DirectorySource, FamiliarRow } from './directory-source';

export interface CompanyRepository {
  create(input: { name: string; quotas?: Partial<CompanyQuotas> }): Promise<Company>;
  get(id: number): Promise<Company | undefined>;
  /** By id; removed companies only when asked. */
  list(options?: { includeRemoved?: boolean }): Promise<Company[]>;
  /** Companies not removed. */
  count(): Promise<number>;
  update(
    id: number,
    patch: {
      name?: string;
      status?: 'active' | 'suspended';
      quotas?: Partial<CompanyQuotas>;
      returnCalls?: Partial<ReturnCallSettings>;
      announcementLanguage?: 'ru' | 'en';
    },
  ): Promise<Company | undefined>;
  /**
   * Deletes what the company has (employees, SIP numbers, admins, sessions, company numbers)
   * and marks it removed; its call records and audit log stay until `purgeRemoved`.
   */
  remove(id: number, at: EpochMs): Promise<boolean>;
  /** Deletes companies removed before `before`, with their call records; how many. */
  purgeRemoved(before: EpochMs): Promise<number>;
}

export interface OperatorRepository {
  create(input: { name: string; tokenHash: string }): Promise<Operator>;
  getByTokenHash(tokenHash: string): Promise<Operator | undefined>;
  list(): Promise<Operator[]>;
  remove(name: string): Promise<boolean>;
}

/** PBX-wide settings; the SIP domain is stored with the data (every HA1 depends on it). */
export interface SettingsRepository {
  get(key: SettingKey): Promise<string | undefined>;
  set(key: SettingKey, value: string): Promise<void>;
}

export type SettingKey = 'domain';

export interface EmployeeQuery {
  /** Case-insensitive substring of the name, e-mail or SIP number. */
  search?: string;
  offset?: number;
  /** Default 100, at most 1000. */
  limit?: number;
}

export interface EmployeeRepository {
  create(input: { name: string; email?: string | null }): Promise<Employee>;
  get(id: number): Promise<Employee | undefined>;
  getBySipNumber(number: string): Promise<Employee | undefined>;
  /** Ordered by name (folded), then id. */
  list(query?: EmployeeQuery): Promise<EmployeeListItem[]>;
  count(search?: string): Promise<number>;
  update(
    id: number,
    patch: { name?: string; email?: string | null },
  ): Promise<Employee | undefined>;
  /** Also removes the employee's SIP number, its rules and absences. */
  remove(id: number): Promise<boolean>;
}

export interface SipNumberRepository {
  get(number: string): Promise<SipNumberWithOwner | undefined>;
  getByEmployee(employeeId: number): Promise<SipNumberWithOwner | undefined>;
  create(input: Omit<NewSipNumber, 'companyId'>): Promise<SipNumber>;
  updateSettings(number: string, patch: Partial<SipNumberSettings>): Promise<SipNumber | undefined>;
  /** A new password's HA1s; the SHA-256 one replaced too (null: none, never a stale one). */
  setHa1(number: string, ha1: string, ha1Sha256?: string | null): Promise<boolean>;
  /** The employee's own caller-ID choice; null goes back to the admin's number. */
  setChosenCallerId(number: string, chosen: string | null): Promise<boolean>;
  remove(number: string): Promise<boolean>;
  /** Ordered by number. */
  list(): Promise<SipNumberWithOwner[]>;
  /**
   * True while any company's SIP number is this one or a call record names it (SPEC §3):
   * numbers are unique across the PBX. Tells nothing else about the other company.
   */
  isTaken(number: string): Promise<boolean>;
}

export interface AdminRepository {
  create(input: { email: string; passwordHash: string }): Promise<Admin>;
  get(id: number): Promise<Admin | undefined>;
  list(): Promise<Admin[]>;
  setPasswordHash(id: number, passwordHash: string): Promise<boolean>;
  remove(id: number): Promise<boolean>;
}

export interface CallRecordQuery {
  /** Default 100, at most 1000. */
  limit?: number;
  /** Only calls where this number is the caller or the callee. */
  number?: string;
}

/** A company's call history, as its API reads it. */
export interface CompanyCallRecords {
  get(id: number): Promise<CallRecord | undefined>;
  /** Newest first. */
  list(query?: CallRecordQuery): Promise<CallRecord[]>;
  /**
   * The latest answered call, in either direction, with a client number: the "familiar"
   * number's source (SPEC §3).
   */
  latestAnsweredWithClient(
    clientNumber: string,
  ): Promise<{ companyNumber: string; answeredAt: EpochMs } | undefined>;
}

/** Call records as the SIP path writes them (through the write-behind queue), for any company. */
export interface CallRecordRepository {
  insert(record: NewCallRecord): Promise<number>;
  get(id: number): Promise<CallRecord | undefined>;
  getByCallId(callId: string): Promise<CallRecord | undefined>;
  markAnswered(id: number, at: EpochMs, calleeDevice: string | null): Promise<void>;
  markEnded(id: number, at: EpochMs, result: CallResult, status: number | null): Promise<void>;
  /**
   * Ends, as failed with `reason`, the records a server left open (it crashed or was killed):
   * those of `node`, and those written before records named their server. How many.
   */
  endLeftOpen(node: string, at: EpochMs, reason: string): Promise<number>;
}

/** UDP devices' bindings of each server, so a restart reaches them at once (issue 20 item 7). */
export interface UdpBindingRepository {
  /** Adds or replaces each binding (by number and key). */
  save(node: string, bindings: readonly StoredBinding[]): Promise<void>;
  remove(node: string, keys: readonly { sipNumber: string; key: string }[]): Promise<void>;
  /** The bindings of `node` still live at `now`; the expired ones are deleted. */
  load(node: string, now: EpochMs): Promise<StoredBinding[]>;
}

export interface RegionRuleRepository {
  /** sipNumber null: a company-wide rule. codes and numberRegions default to none. */
  create(
    input: Omit<RegionRule, 'id' | 'createdAt' | 'companyId' | 'codes' | 'numberRegions'> &
      Partial<Pick<RegionRule, 'codes' | 'numberRegions'>>,
  ): Promise<RegionRule>;
  get(id: number): Promise<RegionRule | undefined>;
  listBySipNumber(sipNumber: string): Promise<RegionRule[]>;
  /** The company-wide rules, in order of creation. */
  listCompanyWide(): Promise<RegionRule[]>;
  remove(id: number): Promise<boolean>;
}

export interface AbsenceRepository {
  create(input: Omit<NewAbsencePeriod, 'companyId'>): Promise<AbsencePeriod>;
  get(id: number): Promise<AbsencePeriod | undefined>;
  /** Ordered by `from`. */
  listByEmployee(employeeId: number): Promise<AbsencePeriod[]>;
  /** Periods of the employee that share any moment with [from, to). */
  overlapping(employeeId: number, from: EpochMs, to: EpochMs): Promise<AbsencePeriod[]>;
  /** The period in force at `at`, if any. */
  current(employeeId: number, at: EpochMs): Promise<AbsencePeriod | undefined>;
  remove(id: number): Promise<boolean>;
}

export interface CompanyNumberRepository {
  create(input: Omit<NewCompanyNumber, 'companyId'>): Promise<CompanyNumber>;
  get(id: number): Promise<CompanyNumber | undefined>;
  getByNumber(number: string): Promise<CompanyNumber | undefined>;
  /** Ordered by number. */
  list(): Promise<CompanyNumber[]>;
  update(id: number, patch: CompanyNumberPatch): Promise<CompanyNumber | undefined>;
  remove(id: number): Promise<boolean>;
  /** True when any company has connected this number (unique across the PBX). */
  isTaken(number: string): Promise<boolean>;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id' | 'companyId'>): Promise<AuditEntry>;
  /** Newest first. */
  list(query?: { offset?: number; limit?: number }): Promise<AuditEntry[]>;
  count(): Promise<number>;
}

export interface ApiSessionRepository {
  create(session: ApiSession): Promise<void>;
  /** As stored, expired or not: the caller compares `expiresAt` with its clock. */
  get(tokenHash: string): Promise<ApiSession | undefined>;
  setExpiry(tokenHash: string, expiresAt: EpochMs): Promise<void>;
  remove(tokenHash: string): Promise<boolean>;
  /** Revokes every session of an admin or an employee; returns how many. */
  removeBySubject(role: ApiSession['role'], subjectId: number): Promise<number>;
  /** A session is over at `expiresAt` itself. */
  removeExpired(now: EpochMs): Promise<number>;
}

/**
 * Per-device SIP credentials of a company's numbers (issue 23 item 6). A new password or a
 * disabled number revokes a number's all (`sipNumbers.setHa1`, `updateSettings`), in the same
 * write; deleting the number deletes them.
 */
export interface DeviceCredentialRepository {
  create(input: Omit<DeviceCredential, 'companyId' | 'createdAt'>): Promise<DeviceCredential>;
  /** Oldest first. */
  listByNumber(sipNumber: string): Promise<DeviceCredential[]>;
  /** Revokes those issued to one device of the number (it was dropped); how many. */
  removeByInstance(sipNumber: string, instance: string): Promise<number>;
  /** Revokes one (signed out); false when it was not there. */
  remove(sipNumber: string, username: string): Promise<boolean>;
}

/** Everything of one company, and nothing of any other: the API's services get only this. */
export interface CompanyStore {
  readonly companyId: number;
  /** The company's own row; undefined once it has been purged. */
  company(): Promise<Company | undefined>;
  /**
   * The admin's return-call settings; a fallback employee of another company (or none that
   * exists) is refused with `false`, changing nothing.
   */
  setReturnCalls(patch: Partial<ReturnCallSettings>): Promise<Company | false | undefined>;
  /** The language the company's refused callers hear announcements in. */
  setAnnouncementLanguage(language: 'ru' | 'en'): Promise<Company | undefined>;
  /**
   * Serialises writes that check a company-wide quota (PostgreSQL: the company row locked
   * until the transaction ends; SQLite's write transactions are serial already).
   */
  lock(): Promise<void>;
  readonly employees: EmployeeRepository;
  readonly sipNumbers: SipNumberRepository;
  readonly admins: AdminRepository;
  readonly absences: AbsenceRepository;
  readonly companyNumbers: CompanyNumberRepository;
  readonly regionRules: RegionRuleRepository;
  readonly deviceCredentials: DeviceCredentialRepository;
  readonly callRecords: CompanyCallRecords;
  readonly audit: AuditRepository;
  /** Runs fn atomically; inside a transaction it joins it. */
  withTransaction<T>(fn: (tx: CompanyStore) => Promise<T>): Promise<T>;
}

/** The operator's scope: companies, accounts looked up before a company is known, the SIP path's writes. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly companies: CompanyRepository;
  readonly operators: OperatorRepository;
  readonly settings: SettingsRepository;
  readonly apiSessions: ApiSessionRepository;
  readonly callRecords: CallRecordRepository;
  readonly udpBindings: UdpBindingRepository;
  /** Sign-in: an admin by e-mail (unique across the PBX) or id. */
  readonly admins: {
    getByEmail(email: string): Promise<Admin | undefined>;
    get(id: number): Promise<Admin | undefined>;
  };
  /** Sign-in and the SIP path's reloads: a SIP number by itself (unique across the PBX). */
  readonly sipNumbers: {
    get(number: string): Promise<SipNumberWithOwner | undefined>;
    getByEmployee(employeeId: number): Promise<SipNumberWithOwner | undefined>;
  };
  /** Sign-in by a device credential: by its user name (unique across the PBX). */
  readonly deviceCredentials: {
    get(username: string): Promise<DeviceCredential | undefined>;
  };
  /** What the in-memory directory loads at start and reloads on a change (pbx/directory). */
  readonly directorySource: DirectorySource;
  forCompany(companyId: number): CompanyStore;
  /** Runs fn atomically (nested calls join the outer transaction). */
  withTransaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** What every process has committed: the CLI, the API, other nodes. */
  changes(): ChangeFeed;
  close(): Promise<void>;
}

/** A write refused by a unique constraint (a number taken meanwhile by another writer). */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}
