import { afterEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../../pbx/api/sessions';
import { createAdmin } from '../../../pbx/directory';
import { ADMIN_PASSWORD, ApiClient, signedInAdmin, signedInEmployee } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';

let pbx: TestPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

describe('API sign-in', () => {
  it('signs an admin in with e-mail and password, and sign-out revokes the token', async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const info = await admin.get('/auth/session');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      role: 'admin',
      admin: { email: 'admin@example.com' },
      company: { id: pbx.companyId, name: 'Test Company' },
    });
    expect(info.body.token).toBeUndefined();
    expect((await admin.delete('/auth/session')).status).toBe(204);
    const after = await admin.get('/auth/session');
    expect(after.status).toBe(401);
    expect(after.body).toEqual({
      error: 'unauthorized',
      message: 'the session has expired or was signed out',
    });
  });

  it('keeps only a hash of the token', async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    expect(await pbx.store.apiSessions.get(hashToken(admin.token!))).toMatchObject({
      role: 'admin',
    });
    expect(await pbx.store.apiSessions.get(admin.token!)).toBeUndefined();
  });

  it('refuses a wrong password, an unknown e-mail and bad input', async () => {
    pbx = await startTestPbx();
    await createAdmin(pbx.store.forCompany(pbx.companyId), {
      email: 'a@example.com',
      password: ADMIN_PASSWORD,
    });
    const client = new ApiClient(pbx);
    const wrong = await client.post('/auth/admin', { email: 'a@example.com', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('wrong e-mail or password');
    const unknown = await client.post('/auth/admin', {
      email: 'b@example.com',
      password: ADMIN_PASSWORD,
    });
    expect(unknown.status).toBe(401);
    const bad = await client.post('/auth/admin', { email: 'a@example.com' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([{ path: 'password', message: 'password is required' }]);
  });

  it('signs an employee in with the SIP number and SIP password, scoped to themselves', async () => {
    pbx = await startTestPbx();
    const anna = await pbx.addEmployee('Anna Ivanova', 'anna-password-1');
    const employee = await signedInEmployee(pbx, anna.sipNumber, 'anna-password-1');
    expect((await employee.get('/auth/session')).body).toMatchObject({
      role: 'employee',
      employee: { name: 'Anna Ivanova', sipNumber: anna.sipNumber },
    });
    const adminRoute = await employee.get('/admin/employees');
    expect(adminRoute.status).toBe(403);
    expect(adminRoute.body.message).toBe('this needs an admin account');
    const wrong = await new ApiClient(pbx).post('/auth/employee', {
      sipNumber: anna.sipNumber,
      password: 'not-it',
    });
    expect(wrong.status).toBe(401);
    const badNumber = await new ApiClient(pbx).post('/auth/employee', {
      sipNumber: '12345',
      password: 'x',
    });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body.fields[0]).toEqual({
      path: 'sipNumber',
      message: 'a SIP number is seven digits starting with 0',
    });
  });

  it('an admin is not an employee: /me needs an employee session', async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    expect((await admin.get('/me')).status).toBe(403);
    expect((await new ApiClient(pbx).get('/me')).status).toBe(401);
  });

  it('expires an idle session', async () => {
    let now = Date.now();
    pbx = await startTestPbx({ apiSessions: { now: () => now, adminTtlMs: 60_000 } });
    const admin = await signedInAdmin(pbx);
    now += 59_000;
    expect((await admin.get('/auth/session')).status).toBe(200);
    now += 61_000;
    expect((await admin.get('/auth/session')).status).toBe(401);
  });

  it('refuses a missing or malformed bearer token', async () => {
    pbx = await startTestPbx();
    const none = await new ApiClient(pbx).get('/admin/employees');
    expect(none.status).toBe(401);
    expect(none.body.message).toBe('sign in first: no bearer token');
    const forged = new ApiClient(pbx);
    forged.token = 'forged';
    expect((await forged.get('/admin/employees')).status).toBe(401);
  });
});
