/**
 * The tables as Kysely types them, for both dialects. Booleans are `SqlBool`: PostgreSQL
 * answers true/false, SQLite 1/0 (read them with `bool`). Timestamps are epoch milliseconds
 * (BIGINT in PostgreSQL, read back as numbers: postgres/open.ts).
 */
import type { Generated, SqlBool } from 'kysely';

export interface CompaniesTable {
  id: Generated<number>;
  name: string;
  status: Generated<string>;
  max_employees: number | null;
  max_devices: number | null;
  max_calls: number | null;
  max_api_per_minute: number | null;
  created_at: number;
  removed_at: number | null;
  return_call_days: Generated<number>;
  fallback_employee_id: number | null;
  announcement_language: Generated<'ru' | 'en'>;
}

export interface OperatorsTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface EmployeesTable {
  id: Generated<number>;
  company_id: number;
  name: string;
  email: string | null;
  /** name and e-mail lower-cased by the program, for search and order in both dialects. */
  name_key: string;
  email_key: string;
  created_at: number;
}

export interface SipNumbersTable {
  number: string;
  company_id: number;
  employee_id: number;
  ha1: string;
  ha1_sha256: string | null;
  enabled: SqlBool;
  multi_terminal: SqlBool;
  newest_device_wins: SqlBool;
  channels: number;
  caller_id_mode: string;
  fixed_caller_id: string | null;
  employee_may_choose_caller_id: SqlBool;
  created_at: number;
  password_changed_at: number;
  chosen_caller_id: string | null;
  international_allowed: SqlBool;
  premium_allowed: SqlBool;
}

export interface AdminsTable {
  id: Generated<number>;
  company_id: number;
  email: string;
  password_hash: string;
  created_at: number;
}

export interface CallRecordsTable {
  id: Generated<number>;
  call_id: string;
  company_id: number;
  caller_number: string;
  caller_name: string | null;
  callee_number: string;
  callee_name: string | null;
  caller_device: string;
  callee_device: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  result: string | null;
  status: number | null;
  direction: string;
  client_number: string | null;
  company_number: string | null;
  caller_id_reason: string | null;
  transferred_by: string | null;
  node: string | null;
  end_reason: string | null;
}

export interface UdpBindingsTable {
  node: string;
  sip_number: string;
  binding_key: string;
  /** JSON of StoredBindingData. */
  data: string;
  expires_at: number;
}

export interface AbsencePeriodsTable {
  id: Generated<number>;
  company_id: number;
  employee_id: number;
  from_at: number;
  to_at: number;
  reason: string;
  forward_to_employee_id: number | null;
  created_at: number;
}

export interface CompanyNumbersTable {
  id: Generated<number>;
  company_id: number;
  number: string;
  region: string | null;
  enabled: SqlBool;
  is_default: SqlBool;
  inbound_employee_id: number | null;
  created_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  company_id: number;
  actor: string;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
  at: number;
}

export interface ApiSessionsTable {
  token_hash: string;
  role: string;
  subject_id: number;
  company_id: number;
  created_at: number;
  expires_at: number;
}

export interface DeviceCredentialsTable {
  username: string;
  company_id: number;
  sip_number: string;
  instance: string;
  ha1: string;
  ha1_sha256: string;
  created_at: number;
}

export interface RegionRulesTable {
  id: Generated<number>;
  company_id: number;
  /** Null: a company-wide rule. */
  sip_number: string | null;
  region: string;
  /** A JSON array of E.164 strings. */
  numbers: string;
  /** JSON arrays: area codes, and regions of company numbers. */
  codes: Generated<string>;
  number_regions: Generated<string>;
  effect: string;
  created_at: number;
}

/** SQLite only: the change stream's log (PostgreSQL uses NOTIFY). */
export interface ChangeLogTable {
  id: Generated<number>;
  origin: string;
  entity: string;
  company_id: number | null;
  key: string;
  /** JSON of the change's data, if it has any. */
  data: string | null;
  at: number;
}

export interface Database {
  companies: CompaniesTable;
  operators: OperatorsTable;
  settings: SettingsTable;
  employees: EmployeesTable;
  sip_numbers: SipNumbersTable;
  admins: AdminsTable;
  call_records: CallRecordsTable;
  absence_periods: AbsencePeriodsTable;
  company_numbers: CompanyNumbersTable;
  audit_log: AuditLogTable;
  api_sessions: ApiSessionsTable;
  region_rules: RegionRulesTable;
  change_log: ChangeLogTable;
  udp_bindings: UdpBindingsTable;
  device_credentials: DeviceCredentialsTable;
}

/** The tables `migrate` copies, parents before children (foreign keys). */
export const DATA_TABLES = [
  'settings',
  'companies',
  'operators',
  'employees',
  'sip_numbers',
  'device_credentials',
  'admins',
  'company_numbers',
  'region_rules',
  'absence_periods',
  'call_records',
  'audit_log',
] as const satisfies readonly (keyof Database)[];

/** 1/0 or true/false, as either dialect answers a boolean. */
export const bool = (value: SqlBool): boolean => value === true || value === 1;
