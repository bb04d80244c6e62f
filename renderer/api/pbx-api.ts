import type {
  AnnouncementList,
  AnnouncementSlot,
  AnnouncementSlotKey,
  AdminForgot,
  AdminRecovery,
  AdminReset,
  Absence,
  AdminSignIn,
  AuditList,
  CallerIdChoice,
  CallRecordView,
  Colleague,
  AdminCompanyPatch,
  CompanyInfo,
  CompanyNumber,
  CompanyNumberPatch,
  CreatedEmployee,
  Credentials,
  Device,
  DeviceCredentialIssued,
  DeviceCredentialRequest,
  DoNotDisturbReport,
  DeviceSignIn,
  EmployeeDetail,
  EmployeeList,
  EmployeePatch,
  EmployeeSignIn,
  MyNumber,
  StorageStatus,
  NewAbsence,
  NewCompanyNumber,
  NewEmployee,
  NewRegionRule,
  PasswordResetRequest,
  PasswordResetResult,
  RegionLabel,
  RegionRule,
  Session,
  SessionInfo,
  SipNumberPatch,
  SipNumberView,
} from '../../shared/api';
import type { CallerIdCheck, CallerIdCheckResult } from '../../shared/api/caller-id-check';

export type AdminSession = Extract<Session, { role: 'admin' }>;
export type EmployeeSession = Extract<Session, { role: 'employee' }>;

export interface EmployeeQuery {
  search?: string;
  offset?: number;
  limit?: number;
}

export interface PageQuery {
  offset?: number;
  limit?: number;
}

/**
 * The PBX's HTTP API (docs/architecture.md, "HTTP API"): one method per route, answers parsed
 * with the shared schemas. Every method rejects with an ApiRequestError.
 */
export interface PbxApi {
  // ---- sessions ----
  signInAdmin(body: AdminSignIn): Promise<AdminSession>;
  signInEmployee(body: EmployeeSignIn): Promise<EmployeeSession>;
  session(): Promise<SessionInfo>;
  /** Revokes the token (DELETE /auth/session). */
  signOut(): Promise<void>;
  /** An employee session from this browser's device credential (issue 23 item 6). */
  signInDevice(body: DeviceSignIn): Promise<EmployeeSession>;
  /** Revokes this browser's device credential: its Sign out. */
  revokeDeviceCredential(body: DeviceSignIn): Promise<void>;
  /** Whether this PBX can mail an admin a reset code ("Forgot password?"). */
  adminRecovery(): Promise<AdminRecovery>;
  forgotAdminPassword(body: AdminForgot): Promise<void>;
  /** Sets a new password with the mailed code; answers with the admin's e-mail. */
  resetAdminPassword(body: AdminReset): Promise<{ email: string }>;
  /**
   * Whether the server is this PBX: its API answers `GET /auth/session` without a token with
   * `401` and its own error body. False for any other answer, or none within 3 s; never rejects.
   */
  isThisPbx(): Promise<boolean>;
  // ---- admin ----
  company(): Promise<CompanyInfo>;
  /** The company's own settings: return calls (PATCH /admin/company). */
  updateCompany(patch: AdminCompanyPatch): Promise<CompanyInfo>;
  /** Which recordings refused callers hear, and whether they hear any (GET /admin/announcements). */
  announcements(): Promise<AnnouncementList>;
  /** An admin's own recording of a sentence, a WAV file (PUT /admin/announcements/{language}/{sentence}). */
  replaceAnnouncement(slot: AnnouncementSlotKey, wav: ArrayBuffer): Promise<AnnouncementSlot>;
  /** The shipped recording again (DELETE /admin/announcements/{language}/{sentence}). */
  restoreAnnouncement(slot: AnnouncementSlotKey): Promise<void>;
  /** Whether the PBX can save changes now (its disk full: a banner). */
  storageStatus(): Promise<StorageStatus>;
  listEmployees(query?: EmployeeQuery): Promise<EmployeeList>;
  createEmployee(body: NewEmployee): Promise<CreatedEmployee>;
  getEmployee(id: number): Promise<EmployeeDetail>;
  updateEmployee(id: number, patch: EmployeePatch): Promise<EmployeeDetail>;
  deleteEmployee(id: number): Promise<void>;
  updateSipNumber(id: number, patch: SipNumberPatch): Promise<SipNumberView>;
  credentials(id: number): Promise<Credentials>;
  resetPassword(id: number, body: PasswordResetRequest): Promise<PasswordResetResult>;
  listDevices(id: number): Promise<Device[]>;
  dropDevice(id: number, deviceId: string): Promise<void>;
  listAbsences(id: number): Promise<Absence[]>;
  addAbsence(id: number, body: NewAbsence): Promise<Absence>;
  deleteAbsence(id: number, absenceId: number): Promise<void>;
  /** An employee's region rules, or (id null) the company's defaults. */
  listRegionRules(id: number | null): Promise<RegionRule[]>;
  addRegionRule(id: number | null, body: NewRegionRule): Promise<RegionRule>;
  deleteRegionRule(id: number | null, ruleId: number): Promise<void>;
  /** "Which number will the client see?" for this employee calling `body.client`. */
  checkCallerId(id: number, body: CallerIdCheck): Promise<CallerIdCheckResult>;
  listCompanyNumbers(): Promise<CompanyNumber[]>;
  addCompanyNumber(body: NewCompanyNumber): Promise<CompanyNumber>;
  updateCompanyNumber(id: number, patch: CompanyNumberPatch): Promise<CompanyNumber>;
  deleteCompanyNumber(id: number): Promise<void>;
  audit(query?: PageQuery): Promise<AuditList>;
  // ---- any signed-in session ----
  /** Regions (federal subjects) whose Russian or English name contains `search`. */
  regions(search?: string): Promise<RegionLabel[]>;
  // ---- the signed-in employee ----
  me(): Promise<MyNumber>;
  setCallerId(body: CallerIdChoice): Promise<MyNumber>;
  myDevices(): Promise<Device[]>;
  /** `takeOver`: "Use here instead"; the dropped device is told and stays off (SPEC §3). */
  dropMyDevice(deviceId: string, options?: { takeOver?: boolean }): Promise<void>;
  /** A device credential for this browser (its `+sip.instance`), shown once. */
  issueDeviceCredential(body: DeviceCredentialRequest): Promise<DeviceCredentialIssued>;
  colleagues(search?: string): Promise<Colleague[]>;
  /** This device (its `+sip.instance`) turns do-not-disturb on or off, for colleagues to see. */
  setDoNotDisturb(body: DoNotDisturbReport): Promise<void>;
  myCalls(limit?: number): Promise<CallRecordView[]>;
}

/** Makes a client for a server and (once signed in) a token; tests pass fakes. */
export type PbxApiFactory = (baseUrl: string, token?: string) => PbxApi;

/** Lists every key of `T`: the type check fails when one is missing. */
export const allKeys =
  <T>() =>
  <const K extends readonly (keyof T)[]>(
    keys: K & ([keyof T] extends [K[number]] ? unknown : 'a key of the interface is missing'),
  ): K =>
    keys;

/** Every method of `PbxApi`, for what is made of them (a client loaded later, test fakes). */
export const PBX_API_METHODS = allKeys<PbxApi>()([
  'signInAdmin',
  'signInEmployee',
  'session',
  'signOut',
  'signInDevice',
  'revokeDeviceCredential',
  'adminRecovery',
  'forgotAdminPassword',
  'resetAdminPassword',
  'isThisPbx',
  'company',
  'updateCompany',
  'announcements',
  'replaceAnnouncement',
  'restoreAnnouncement',
  'storageStatus',
  'listEmployees',
  'createEmployee',
  'getEmployee',
  'updateEmployee',
  'deleteEmployee',
  'updateSipNumber',
  'credentials',
  'resetPassword',
  'listDevices',
  'dropDevice',
  'listAbsences',
  'addAbsence',
  'deleteAbsence',
  'listRegionRules',
  'addRegionRule',
  'deleteRegionRule',
  'checkCallerId',
  'listCompanyNumbers',
  'addCompanyNumber',
  'updateCompanyNumber',
  'deleteCompanyNumber',
  'audit',
  'regions',
  'me',
  'setCallerId',
  'myDevices',
  'dropMyDevice',
  'issueDeviceCredential',
  'colleagues',
  'setDoNotDisturb',
  'myCalls',
]);
