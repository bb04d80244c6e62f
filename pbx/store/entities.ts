/**
 * The store's data: plain objects in and out of every repository (./store.ts), the same for
 * every driver.
 */
import { CALLER_ID_MODES, type CallerIdMode } from '../../shared/caller-id-modes';

/** Milliseconds since the Unix epoch: the one timestamp format of the store. */
export type EpochMs = number;

/** A tenant's state: suspended keeps its data but refuses its devices; removed is gone but its call records. */
export type CompanyStatus = 'active' | 'suspended' | 'removed';

/** Limits the operator sets per company, so one tenant cannot starve the others; null: none. */
export interface CompanyQuotas {
  maxEmployees: number | null;
  /** Devices registered at once across all the company's SIP numbers. */
  maxDevices: number | null;
  /** Calls in progress at once across the company. */
  maxConcurrentCalls: number | null;
  /** HTTP API requests per minute by the company's admins and employees. */
  maxApiRequestsPerMinute: number | null;
}

export const NO_QUOTAS: CompanyQuotas = Object.freeze({
  maxEmployees: null,
  maxDevices: null,
  maxConcurrentCalls: null,
  maxApiRequestsPerMinute: null,
});

export interface Company {
  id: number;
  name: string;
  status: CompanyStatus;
  quotas: CompanyQuotas;
  createdAt: EpochMs;
  /** When `company remove` ran; its call records go once the retention period has passed. */
  removedAt: EpochMs | null;
  /** How a client's call to a company number finds its employee (SPEC §3, Return calls). */
  returnCalls: ReturnCallSettings;
  /** The language refused callers hear announcements in (an admin setting; Russian by default). */
  announcementLanguage: 'ru' | 'en';
}

/** The admin's return-call settings: how far back "last talked" reaches, and who is left. */
export interface ReturnCallSettings {
  /** 1..365 days (30 by default). */
  days: number;
  /** The employee who takes a company number's call when nobody else can, if any. */
  fallbackEmployeeId: number | null;
}

export const DEFAULT_RETURN_CALL_DAYS = 30;

/** An operator account of the provider, for the operator API (only its token's hash is kept). */
export interface Operator {
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
  /**
   * Multi-terminal off: a new device takes the place without asking, and the one holding it is
   * dropped and told (SPEC §3); off, the new one is refused and may take the place over.
   */
  newestDeviceWins: boolean;
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
  /**
   * SHA-256(number:realm:password), hex (RFC 7616): only for passwords set or reset since the
   * store keeps it (the PBX never has the password otherwise); null before.
   */
  ha1Sha256: string | null;
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
  Partial<Pick<SipNumber, 'ha1Sha256'>> &
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
  /** Why the PBX ended it itself, when it did ("PBX restarted": left open by a crash). */
  endReason: string | null;
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
  | 'endReason'
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
  > & {
    /** The server that handles the call (`--node-name`), whose restart closes the record. */
    node?: string;
  };

/** A UDP or plain TCP/TLS device's binding as kept over a restart (registrar/kept-bindings.ts). */
export interface StoredBinding {
  sipNumber: string;
  key: string;
  expiresAt: EpochMs;
  data: StoredBindingData;
}

/** What a binding needs besides its number, key and expiry, stored as JSON. */
export interface StoredBindingData {
  contact: string;
  contactParams: Record<string, string | null>;
  /** The transport it registered over; absent: UDP (rows written before TCP was kept). */
  protocol?: 'tcp' | 'tls';
  address: string;
  port: number;
  deviceKind: string;
  userAgent?: string;
  /** The device credential it registered with (issue 23 item 6), if not the password. */
  credential?: string;
  callId: string;
  cseq: number;
  registeredAt: EpochMs;
}

/**
 * Allow or forbid company numbers as caller ID for calls into a region (SPEC §2, §3): those
 * listed, those with one of the area codes, those in one of the regions.
 */
export interface RegionRule {
  id: number;
  companyId: number;
  /** The SIP number the rule belongs to; null for a company-wide default rule. */
  sipNumber: string | null;
  /** Canonical federal-subject name (pbx/numbering): the client's region. */
  region: string;
  /** E.164 company numbers. */
  numbers: string[];
  /** Area codes of company numbers ("812"). */
  codes: string[];
  /** Canonical regions of company numbers. */
  numberRegions: string[];
  effect: 'allow' | 'deny';
  createdAt: EpochMs;
}

/** The key of company-wide rules in the change stream (a SIP number's rules: the number). */
export const COMPANY_RULES_KEY = '*';

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

/**
 * A per-device SIP credential (issue 23 item 6): a browser stays signed in with it instead of
 * the password. Only its HA1s are kept; revoked with the device, a disabled number or a reset.
 */
export interface DeviceCredential {
  /** The digest user name: `<SIP number>.<device id>` (docs/architecture.md, Authentication). */
  username: string;
  companyId: number;
  sipNumber: string;
  /** The `+sip.instance` of the device it was issued to: it registers only as that device. */
  instance: string;
  /** MD5(username:realm:secret) and SHA-256(...), hex. */
  ha1: string;
  ha1Sha256: string;
  createdAt: EpochMs;
}
