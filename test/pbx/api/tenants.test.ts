import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ApiClient,
  signedInAdmin,
  signedInOperator,
  type ApiResponse,
} from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { until } from '../../support/poll';
import type { RawSipClient } from '../../support/raw-sip-client';
import { requestWithDigest, registerWithDigest } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';

let pbx: TestPbx;
let operator: ApiClient;
beforeEach(async () => {
  pbx = await startTestPbx();
  operator = await signedInOperator(pbx);
});
afterEach(async () => {
  closeSipClients();
  await pbx.stop();
});

const reasonOf = (response: ApiResponse) => response.headers.get('x-pbx-reason');

/** A company made through the operator API, with its first admin signed in. */
async function newCompany(quotas: object = {}) {
  const created = await operator.post('/operator/companies', {
    name: 'Beta Ltd',
    adminEmail: 'boss@beta.example',
    quotas,
  });
  expect(created.status).toBe(201);
  const admin = new ApiClient(pbx);
  const session = await admin.post('/auth/admin', {
    email: created.body.adminEmail,
    password: created.body.password,
  });
  expect(session.status).toBe(200);
  admin.token = session.body.token;
  return { id: created.body.companyId as number, admin, created };
}

describe('the operator API', () => {
  it('needs an operator token: none, a wrong one and an admin’s are 401', async () => {
    const anonymous = new ApiClient(pbx);
    expect((await anonymous.get('/operator/companies')).status).toBe(401);
    anonymous.token = 'pbxop_not-a-token';
    expect((await anonymous.get('/operator/companies')).status).toBe(401);
    const admin = await signedInAdmin(pbx);
    const refused = await admin.get('/operator/companies');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/operator token/);
  });

  it('creates a company whose first admin signs in with the password given once', async () => {
    const { id, admin, created } = await newCompany({ maxEmployees: 5 });
    expect(created.body).toMatchObject({
      companyId: id,
      adminEmail: 'boss@beta.example',
      company: { id, name: 'Beta Ltd', status: 'active', usage: { employees: 0, devices: 0 } },
    });
    expect(created.body.password).toMatch(/^\S{16,}$/);
    expect(created.body.company.quotas).toEqual({
      maxEmployees: 5,
      maxDevices: null,
      maxConcurrentCalls: null,
      maxApiRequestsPerMinute: null,
    });
    expect((await admin.get('/admin/company')).body).toMatchObject({ id, name: 'Beta Ltd' });
    const listed = await operator.get('/operator/companies');
    expect(listed.body.map((c: { name: string }) => c.name)).toEqual(['Test Company', 'Beta Ltd']);
    const taken = await operator.post('/operator/companies', {
      name: 'Gamma',
      adminEmail: 'boss@beta.example',
    });
    expect(taken.status).toBe(400);
    expect(taken.body.fields[0].path).toBe('email');
    expect((await operator.get('/operator/companies/999')).status).toBe(400);
  });

  it('changes quotas; removes a company, keeping its call records for the retention period', async () => {
    const { id, admin } = await newCompany();
    const patched = await operator.patch(`/operator/companies/${id}`, {
      quotas: { maxDevices: 3, maxEmployees: null },
    });
    expect(patched.body.quotas).toMatchObject({ maxDevices: 3, maxEmployees: null });
    expect((await operator.delete(`/operator/companies/${id}`)).status).toBe(204);
    expect((await admin.get('/admin/company')).status).toBe(401);
    expect((await operator.get('/operator/companies')).body).toHaveLength(1);
    const all = await operator.get('/operator/companies?includeRemoved=true');
    const removed = all.body.find((c: { id: number }) => c.id === id);
    expect(removed.status).toBe('removed');
    const kept = Date.parse(removed.purgedAfter) - Date.parse(removed.removedAt);
    expect(kept).toBe(90 * 86_400_000);
  });
});

describe('a suspended company', () => {
  it('loses its devices, is refused with a reason, and its admins may read but not change', async () => {
    const { id, admin } = await newCompany();
    const made = await admin.post('/admin/employees', { name: 'Olga' });
    const olga = {
      sipNumber: made.body.employee.sipNumber.number as string,
      password: made.body.password as string,
    };
    await registeredDevice(pbx, olga.sipNumber, olga.password);
    const anna = await pbx.addEmployee('Anna');
    await registeredDevice(pbx, anna.sipNumber, anna.password);

    const suspended = await operator.post(`/operator/companies/${id}/suspend`);
    expect(suspended.body.status).toBe('suspended');
    await until(() => pbx.pbx.bindings.list(olga.sipNumber).length === 0, 10_000, 'dropped');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
    const phone = await sipClient(pbx);
    expect(await registerWithDigest(phone, olga.sipNumber, olga.password)).toBe(403);
    const refusal = phone.responses.at(-1)!;
    expect(refusal.reason).toBe('Company Suspended');
    expect(refusal.headers.get('x-pbx-reason')).toBe('company-suspended');

    expect((await admin.get('/admin/employees')).status).toBe(200);
    const change = await admin.post('/admin/employees', { name: 'Pavel' });
    expect(change.status).toBe(403);
    expect(change.body.error).toBe('company-suspended');
    expect(reasonOf(change)).toBe('company-suspended');
    expect(change.body.message).toMatch(/suspended by the operator/);

    expect((await operator.post(`/operator/companies/${id}/resume`)).body.status).toBe('active');
    expect(await registerWithDigest(phone, olga.sipNumber, olga.password)).toBe(200);
    expect((await admin.post('/admin/employees', { name: 'Pavel' })).status).toBe(201);
  });
});

describe('quotas the operator sets', () => {
  it('employees: one more is 403 employee-quota, with a sentence', async () => {
    const { admin } = await newCompany({ maxEmployees: 1 });
    expect((await admin.post('/admin/employees', { name: 'One' })).status).toBe(201);
    const refused = await admin.post('/admin/employees', { name: 'Two' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'quota-exceeded' });
    expect(refused.body.message).toMatch(/1 employees, the most its quota allows/);
    expect(reasonOf(refused)).toBe('employee-quota');
  });

  it('API requests a minute: past the quota 429 api-rate-limit with Retry-After', async () => {
    const { admin } = await newCompany({ maxApiRequestsPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await admin.get('/admin/employees')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await admin.get('/admin/employees');
    expect(reasonOf(refused)).toBe('api-rate-limit');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another company is not held back by it.
    const other = await signedInAdmin(pbx, 'a@test.example');
    expect((await other.get('/admin/employees')).status).toBe(200);
  });

  it('devices across the company: one more is 403 device-quota; a refresh is not one more', async () => {
    const anna = await pbx.addEmployee('Anna');
    const boris = await pbx.addEmployee('Boris');
    await pbx.store.companies.update(pbx.companyId, { quotas: { maxDevices: 1 } });
    await pbx.pbx.directory.sync();
    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    expect(await registerWithDigest(annaPhone, anna.sipNumber, anna.password)).toBe(200);
    const borisPhone = await sipClient(pbx);
    expect(await registerWithDigest(borisPhone, boris.sipNumber, boris.password)).toBe(403);
    const refusal = borisPhone.responses.at(-1)!;
    expect(refusal.reason).toBe('Company Device Limit Reached');
    expect(refusal.headers.get('x-pbx-reason')).toBe('device-quota');
  });

  it('calls in progress across the company: one more is 403 call-quota', async () => {
    const anna = await pbx.addEmployee('Anna');
    const boris = await pbx.addEmployee('Boris');
    const vera = await pbx.addEmployee('Vera');
    const gleb = await pbx.addEmployee('Gleb');
    await pbx.store.companies.update(pbx.companyId, { quotas: { maxConcurrentCalls: 1 } });
    await pbx.pbx.directory.sync();
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    await registeredDevice(pbx, vera.sipNumber, vera.password);
    const call = (from: RawSipClient, caller: typeof anna, callee: typeof anna) =>
      requestWithDigest(from, {
        method: 'INVITE',
        uri: `sip:${callee.sipNumber}@${TEST_DOMAIN}`,
        sipNumber: caller.sipNumber,
        password: caller.password,
      });
    // Anna's call rings Boris's phone, which never answers: one call in progress.
    void call(await sipClient(pbx), anna, boris);
    await borisPhone.waitForRequest((r) => r.method === 'INVITE', 5000);
    // Gleb and Vera are free, but the company has its one call in progress.
    const refused = await call(await sipClient(pbx), gleb, vera);
    expect(refused.status).toBe(403);
    expect(refused.reason).toBe('Company Call Limit Reached');
    expect(refused.headers.get('x-pbx-reason')).toBe('call-quota');
  });
});

it('the first admin of a company the CLI made signs in the same way', async () => {
  const admin = await signedInAdmin(pbx, 'owner@test.example');
  expect((await admin.get('/admin/company')).body.suspended).toBe(false);
  expect(ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(12);
});
