import { afterEach, describe, expect, it } from 'vitest';
import { callApi, signedInAdmin, type ApiClient } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { closeSipClients, registeredDevice, registerStatus } from '../../support/sip-devices';

let pbx: TestPbx;
let admin: ApiClient;

afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

async function start() {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
}

describe('admin: employees', () => {
  it('creates an employee whose SIP number registers at once, with the password shown once', async () => {
    await start();
    const created = await admin.post('/admin/employees', {
      name: '  Anna Ivanova ',
      email: 'anna@example.com',
    });
    expect(created.status).toBe(201);
    const { employee, password } = created.body;
    expect(employee).toMatchObject({
      name: 'Anna Ivanova',
      email: 'anna@example.com',
      sipNumber: { enabled: true, multiTerminal: false, channels: 1, callerIdMode: 'fixed' },
    });
    expect(employee.sipNumber.number).toMatch(/^0\d{6}$/);
    expect(password).toMatch(/^\S{12,}$/);
    await registeredDevice(pbx, employee.sipNumber.number, password);
    // The password is never shown again, nor its hash.
    const detail = await admin.get(`/admin/employees/${employee.id}`);
    expect(JSON.stringify(detail.body)).not.toContain(password);
    expect(JSON.stringify(detail.body)).not.toMatch(/ha1/i);
  });

  it('lists with search and paging, with the number of devices registered now', async () => {
    await start();
    const names = ['Boris', 'Anna', 'Vera', 'Anton'];
    const made = [];
    for (const name of names) made.push(await pbx.addEmployee(name));
    await registeredDevice(pbx, made[1]!.sipNumber, made[1]!.password);
    const all = await admin.get('/admin/employees');
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((e: { name: string }) => e.name)).toEqual([
      'Anna',
      'Anton',
      'Boris',
      'Vera',
    ]);
    expect(all.body.items[0]).toMatchObject({
      sipNumber: made[1]!.sipNumber,
      enabled: true,
      devices: 1,
    });
    const page = await admin.get('/admin/employees?offset=1&limit=2');
    expect(page.body.items.map((e: { name: string }) => e.name)).toEqual(['Anton', 'Boris']);
    const search = await admin.get('/admin/employees?search=an');
    expect(search.body).toMatchObject({ total: 2 });
    const byNumber = await admin.get(`/admin/employees?search=${made[2]!.sipNumber}`);
    expect(byNumber.body.items.map((e: { name: string }) => e.name)).toEqual(['Vera']);
  });

  it('updates the name and e-mail, and an empty e-mail clears it', async () => {
    await start();
    const { body } = await admin.post('/admin/employees', {
      name: 'Anna',
      email: 'anna@example.com',
    });
    const id = body.employee.id;
    const renamed = await admin.patch(`/admin/employees/${id}`, {
      name: 'Anna Petrova',
      email: '',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Anna Petrova', email: null });
  });

  it('deletes an employee: the SIP number goes and its devices are dropped at once', async () => {
    await start();
    const anna = await pbx.addEmployee('Anna', 'anna-password-1');
    await registeredDevice(pbx, anna.sipNumber, 'anna-password-1');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
    expect((await admin.delete(`/admin/employees/${anna.id}`)).status).toBe(204);
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toEqual([]);
    expect(pbx.pbx.directory.sipNumbers.get(anna.sipNumber)).toBeUndefined();
    expect((await admin.get(`/admin/employees/${anna.id}`)).status).toBe(404);
    expect(await registerStatus(pbx, anna.sipNumber, 'anna-password-1')).not.toBe(200);
  });

  it('answers bad input with 400 naming each field', async () => {
    await start();
    const empty = await admin.post('/admin/employees', { name: ' ', email: 'not-mail' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('bad-request');
    expect(empty.body.fields).toEqual([
      { path: 'name', message: 'name is required' },
      { path: 'email', message: expect.stringContaining('e-mail') },
    ]);
    const paging = await admin.get('/admin/employees?limit=0&offset=-1');
    expect(paging.status).toBe(400);
    expect(paging.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'limit',
      'offset',
    ]);
    const badId = await admin.get('/admin/employees/abc');
    expect(badId.status).toBe(400);
    expect(badId.body.fields[0].path).toBe('id');
    const nothing = await admin.patch('/admin/employees/1', {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.message).toContain('nothing to change');
    const json = await callApi(pbx, 'POST', '/api/v1/admin/employees', {
      token: admin.token,
      rawBody: '{"name": ',
    });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('bad-request');
    expect((await admin.get('/admin/employees/999')).status).toBe(404);
    const unknown = await admin.get('/no-such-route');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not-found');
  });

  it('records every change in the audit log, without passwords', async () => {
    await start();
    const { body } = await admin.post('/admin/employees', { name: 'Anna' });
    await admin.patch(`/admin/employees/${body.employee.id}`, { name: 'Anna P' });
    const reset = await admin.post(`/admin/employees/${body.employee.id}/password`, {});
    await admin.delete(`/admin/employees/${body.employee.id}`);
    const log = await admin.get('/admin/audit');
    expect(log.body.total).toBe(4);
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      'employee.delete',
      'sip-number.reset-password',
      'employee.update',
      'employee.create',
    ]);
    expect(log.body.items[2]).toMatchObject({
      actor: 'admin@example.com',
      before: { name: 'Anna' },
      after: { name: 'Anna P' },
    });
    const text = JSON.stringify(log.body);
    expect(text).not.toContain(body.password);
    expect(text).not.toContain(reset.body.password);
    expect(text).not.toMatch(/ha1/i);
  });
});
