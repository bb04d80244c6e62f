/** Sample API answers for component tests, each a valid instance of its shared schema. */
import type {
  CompanyInfo,
  Absence,
  CompanyNumber,
  Credentials,
  Device,
  EmployeeDetail,
  EmployeeSummary,
  MyNumber,
  RegionRule,
  SipNumberView,
} from '../../shared/api';
import type { CallerIdCheckResult } from '../../shared/api/caller-id-check';
import {
  ApiRequestError,
  type AdminSession,
  type EmployeeSession,
  type FieldProblem,
} from '../api';

export const T0 = '2030-03-01T09:00:00.000Z';

export const adminSession = (): AdminSession => ({
  role: 'admin',
  token: 'admin-token',
  expiresAt: '2030-03-01T17:00:00.000Z',
  admin: { id: 1, email: 'boss@example.com' },
  company: { id: 7, name: 'Acme' },
});

export const employeeSession = (): EmployeeSession => ({
  role: 'employee',
  token: 'employee-token',
  expiresAt: '2030-03-02T09:00:00.000Z',
  employee: { id: 11, name: 'Olga Petrova', sipNumber: '0462626' },
  company: { id: 7, name: 'Acme' },
});

export const summary = (patch: Partial<EmployeeSummary> = {}): EmployeeSummary => ({
  id: 11,
  name: 'Olga Petrova',
  email: 'olga@example.com',
  sipNumber: '0462626',
  enabled: true,
  devices: 2,
  ...patch,
});

export const sipNumberView = (patch: Partial<SipNumberView> = {}): SipNumberView => ({
  number: '0462626',
  enabled: true,
  multiTerminal: true,
  newestDeviceWins: false,
  channels: 2,
  callerIdMode: 'familiar',
  fixedCallerId: null,
  employeeMayChooseCallerId: false,
  internationalAllowed: false,
  premiumAllowed: false,
  passwordChangedAt: T0,
  ...patch,
});

export const detail = (
  patch: Partial<EmployeeDetail> = {},
  number: Partial<SipNumberView> = {},
): EmployeeDetail => ({
  id: 11,
  name: 'Olga Petrova',
  email: 'olga@example.com',
  createdAt: T0,
  sipNumber: sipNumberView(number),
  ...patch,
});

export const device = (patch: Partial<Device> = {}): Device => ({
  id: 'dev-1',
  kind: 'third-party',
  userAgent: 'Yealink SIP-T46U 108.86',
  transport: 'udp',
  address: '192.0.2.10:5060',
  since: T0,
  expiresAt: '2030-03-01T10:00:00.000Z',
  ...patch,
});

export const credentials = (): Credentials => ({
  employee: { id: 11, name: 'Olga Petrova' },
  server: 'pbx.example.com',
  domain: 'acme.pbx.example.com',
  login: '0462626',
  ports: { udp: 5060, tcp: 5060, tls: 5061, ws: 8080, wss: null },
  passwordChangedAt: T0,
});

export const absence = (patch: Partial<Absence> = {}): Absence => ({
  id: 5,
  from: '2030-03-10T06:00:00.000Z',
  to: '2030-03-20T18:00:00.000Z',
  reason: 'vacation',
  forwardTo: { id: 12, name: 'Ivan Sidorov', sipNumber: '0111111' },
  ...patch,
});

export const companyNumber = (patch: Partial<CompanyNumber> = {}): CompanyNumber => ({
  id: 3,
  number: '+78121234567',
  region: 'Санкт-Петербург',
  regionFromNumber: 'Санкт-Петербург',
  regionOverridden: false,
  enabled: true,
  isDefault: true,
  inboundEmployee: null,
  ...patch,
});

export const myNumber = (patch: Partial<MyNumber> = {}): MyNumber => ({
  employee: { id: 11, name: 'Olga Petrova' },
  sipNumber: '0462626',
  enabled: true,
  multiTerminal: true,
  channels: 2,
  callerId: {
    mode: 'fixed',
    fixedNumber: '+78121234567',
    mayChoose: true,
    choices: ['+78121234567', '+74951234567'],
    choiceRegions: { '+78121234567': 'Saint Petersburg', '+74951234567': 'Moscow' },
    chosen: null,
  },
  absence: null,
  ...patch,
});

/** GET /admin/company of the company the admin tests use. */
export const companyInfo = (patch: Partial<CompanyInfo> = {}): CompanyInfo => ({
  id: 7,
  name: 'Acme',
  mailConfigured: true,
  announcementLanguage: 'ru',
  returnCalls: { days: 30, fallbackEmployeeId: null },
  ...patch,
});

export const regionRule = (patch: Partial<RegionRule> = {}): RegionRule => ({
  id: 21,
  region: 'Санкт-Петербург',
  numbers: ['+78121234567'],
  codes: [],
  numberRegions: [],
  effect: 'allow',
  createdAt: T0,
  ...patch,
});

export const callerIdCheckResult = (
  patch: Partial<CallerIdCheckResult> = {},
): CallerIdCheckResult => ({
  client: { number: '+78123090000', regions: ['Санкт-Петербург'] },
  number: '+78121234567',
  reason: { kind: 'familiar', at: Date.UTC(2026, 10, 20, 10) },
  refusal: null,
  explanation: 'familiar: last answered call on 2026-11-20',
  ...patch,
});

/** The errors the API answers with. */
export const apiError = {
  network: () => new ApiRequestError(0, 'network', 'Failed to fetch'),
  unauthorized: () => new ApiRequestError(401, 'unauthorized', 'wrong e-mail or password'),
  forbidden: () => new ApiRequestError(403, 'forbidden', 'not allowed'),
  conflict: (message = 'conflict') => new ApiRequestError(409, 'conflict', message),
  tooMany: (retryAfterS?: number) =>
    new ApiRequestError(429, 'too-many-attempts', 'too many', [], retryAfterS),
  fields: (fields: FieldProblem[]) => new ApiRequestError(400, 'bad-request', 'invalid', fields),
};
