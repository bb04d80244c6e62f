import { z } from 'zod';
import {
  absenceSchema,
  announcementListSchema,
  adminRecoverySchema,
  API_PREFIX,
  apiErrorSchema,
  auditListSchema,
  callListSchema,
  colleagueListSchema,
  companyInfoSchema,
  storageStatusSchema,
  companyNumberSchema,
  createdEmployeeSchema,
  credentialsSchema,
  deviceCredentialSchema,
  deviceListSchema,
  employeeDetailSchema,
  employeeListSchema,
  myNumberSchema,
  passwordResetResultSchema,
  regionListSchema,
  regionRuleSchema,
  sessionInfoSchema,
  sessionSchema,
  sipNumberViewSchema,
} from '../../shared/api';
import { callerIdCheckResultSchema } from '../../shared/api/caller-id-check';
import { ApiRequestError, errorOfResponse } from './errors';
import type { AdminSession, EmployeeSession, PbxApi } from './pbx-api';
import type { AnnouncementSlotKey } from '../../shared/api';

/** How long the question "is this server this PBX?" may take before the answer is no. */
const IDENTIFY_TIMEOUT_MS = 3000;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | undefined>;

const adminSessionSchema = sessionSchema.options[0];
const employeeSessionSchema = sessionSchema.options[1];
const absenceListSchema = z.array(absenceSchema);
const companyNumberListSchema = z.array(companyNumberSchema);
const regionRuleListSchema = z.array(regionRuleSchema);
const announcementSlotListItem = announcementListSchema.shape.slots.element;

const queryString = (query: Query = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
};

/**
 * The API over `fetch`: JSON in and out, `Authorization: Bearer` when a token is given,
 * answers checked against the shared schemas so the client and the PBX cannot drift.
 */
export function createPbxApi(
  baseUrl: string,
  token?: string,
  fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args),
): PbxApi {
  const root = baseUrl.replace(/\/$/, '') + API_PREFIX;

  async function send(method: Method, path: string, body?: unknown, query?: Query) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const raw = body instanceof ArrayBuffer;
    if (body !== undefined) headers['content-type'] = raw ? 'audio/wav' : 'application/json';
    let response: Response;
    try {
      response = await fetchImpl(root + path + queryString(query), {
        method,
        headers,
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiRequestError(0, 'network', error instanceof Error ? error.message : 'no answer');
    }
    if (!response.ok) throw await errorOfResponse(response);
    return response;
  }

  async function json<T>(
    schema: z.ZodType<T>,
    method: Method,
    path: string,
    body?: unknown,
    query?: Query,
  ) {
    const response = await send(method, path, body, query);
    let value: unknown;
    try {
      value = await response.json();
    } catch {
      throw new ApiRequestError(response.status, 'bad-response', 'the answer is not JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new ApiRequestError(response.status, 'bad-response', parsed.error.message);
    }
    return parsed.data;
  }

  async function none(method: Method, path: string, body?: unknown, query?: Query) {
    await send(method, path, body, query);
  }

  const employee = (id: number) => `/admin/employees/${id}`;
  /** An employee's region rules, or the company's defaults (id null). */
  const regionRules = (id: number | null) =>
    id === null ? '/admin/region-rules' : `${employee(id)}/region-rules`;
  const enc = encodeURIComponent;
  const announcement = (slot: AnnouncementSlotKey) =>
    `/admin/announcements/${enc(slot.language)}/${enc(slot.sentence)}`;

  return {
    signInAdmin: (body) => json<AdminSession>(adminSessionSchema, 'POST', '/auth/admin', body),
    signInEmployee: (body) =>
      json<EmployeeSession>(employeeSessionSchema, 'POST', '/auth/employee', body),
    session: () => json(sessionInfoSchema, 'GET', '/auth/session'),
    signOut: () => none('DELETE', '/auth/session'),
    signInDevice: (body) =>
      json<EmployeeSession>(employeeSessionSchema, 'POST', '/auth/device', body),
    revokeDeviceCredential: (body) => none('POST', '/auth/device/revoke', body),
    adminRecovery: () => json(adminRecoverySchema, 'GET', '/auth/admin/recovery'),
    forgotAdminPassword: (body) => none('POST', '/auth/admin/forgot', body),
    resetAdminPassword: (body) =>
      json(z.object({ email: z.string() }), 'POST', '/auth/admin/reset', body),
    isThisPbx: async () => {
      try {
        const response = await fetchImpl(root + '/auth/session', {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(IDENTIFY_TIMEOUT_MS),
        });
        if (response.status !== 401) return false;
        return apiErrorSchema.safeParse(await response.json()).data?.error === 'unauthorized';
      } catch {
        return false;
      }
    },
    company: () => json(companyInfoSchema, 'GET', '/admin/company'),
    updateCompany: (patch) => json(companyInfoSchema, 'PATCH', '/admin/company', patch),
    announcements: () => json(announcementListSchema, 'GET', '/admin/announcements'),
    replaceAnnouncement: (slot, wav) =>
      json(announcementSlotListItem, 'PUT', announcement(slot), wav),
    restoreAnnouncement: (slot) => none('DELETE', announcement(slot)),
    storageStatus: () => json(storageStatusSchema, 'GET', '/admin/storage'),
    listEmployees: (query = {}) =>
      json(employeeListSchema, 'GET', '/admin/employees', undefined, { ...query }),
    createEmployee: (body) => json(createdEmployeeSchema, 'POST', '/admin/employees', body),
    getEmployee: (id) => json(employeeDetailSchema, 'GET', employee(id)),
    updateEmployee: (id, patch) => json(employeeDetailSchema, 'PATCH', employee(id), patch),
    deleteEmployee: (id) => none('DELETE', employee(id)),
    updateSipNumber: (id, patch) =>
      json(sipNumberViewSchema, 'PATCH', `${employee(id)}/sip-number`, patch),
    credentials: (id) => json(credentialsSchema, 'GET', `${employee(id)}/credentials`),
    resetPassword: (id, body) =>
      json(passwordResetResultSchema, 'POST', `${employee(id)}/password`, body),
    listDevices: (id) => json(deviceListSchema, 'GET', `${employee(id)}/devices`),
    dropDevice: (id, deviceId) => none('DELETE', `${employee(id)}/devices/${enc(deviceId)}`),
    listAbsences: (id) => json(absenceListSchema, 'GET', `${employee(id)}/absences`),
    addAbsence: (id, body) => json(absenceSchema, 'POST', `${employee(id)}/absences`, body),
    deleteAbsence: (id, absenceId) => none('DELETE', `${employee(id)}/absences/${absenceId}`),
    listRegionRules: (id) => json(regionRuleListSchema, 'GET', regionRules(id)),
    addRegionRule: (id, body) => json(regionRuleSchema, 'POST', regionRules(id), body),
    deleteRegionRule: (id, ruleId) => none('DELETE', `${regionRules(id)}/${ruleId}`),
    checkCallerId: (id, body) =>
      json(callerIdCheckResultSchema, 'POST', `${employee(id)}/caller-id-check`, body),
    listCompanyNumbers: () => json(companyNumberListSchema, 'GET', '/admin/company-numbers'),
    addCompanyNumber: (body) => json(companyNumberSchema, 'POST', '/admin/company-numbers', body),
    updateCompanyNumber: (id, patch) =>
      json(companyNumberSchema, 'PATCH', `/admin/company-numbers/${id}`, patch),
    deleteCompanyNumber: (id) => none('DELETE', `/admin/company-numbers/${id}`),
    audit: (query = {}) => json(auditListSchema, 'GET', '/admin/audit', undefined, { ...query }),
    regions: (search) => json(regionListSchema, 'GET', '/regions', undefined, { search }),
    me: () => json(myNumberSchema, 'GET', '/me'),
    setCallerId: (body) => json(myNumberSchema, 'PUT', '/me/caller-id', body),
    myDevices: () => json(deviceListSchema, 'GET', '/me/devices'),
    dropMyDevice: (deviceId, options) =>
      none('DELETE', `/me/devices/${enc(deviceId)}`, undefined, {
        takeOver: options?.takeOver ? 'true' : undefined,
      }),
    issueDeviceCredential: (body) =>
      json(deviceCredentialSchema, 'POST', '/me/device-credential', body),
    colleagues: (search) =>
      json(colleagueListSchema, 'GET', '/me/colleagues', undefined, { search }),
    setDoNotDisturb: (body) => none('PUT', '/me/do-not-disturb', body),
    myCalls: (limit) => json(callListSchema, 'GET', '/me/calls', undefined, { limit }),
  };
}
