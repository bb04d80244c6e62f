import { afterEach, describe, expect, it } from 'vitest';
import { signedInAdmin, signedInEmployee, type ApiClient } from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { registerWithDigest } from '../../support/raw-sip-client';
import { until } from '../../support/poll';
import {
  closeSipClients,
  registeredDevice,
  registerStatus,
  sipClient,
} from '../../support/sip-devices';

let pbx: TestPbx;
let admin: ApiClient;

async function start() {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
  return await pbx.addEmployee('Anna Ivanova', 'anna-password-1');
}

afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

describe('admin: SIP-number settings', () => {
  it('changes multi-terminal, channels, caller-ID mode and the fixed number', async () => {
    const anna = await start();
    await admin.post('/admin/company-numbers', { number: '+78121234567' });
    const changed = await admin.patch(`/admin/employees/${anna.id}/sip-number`, {
      multiTerminal: true,
      channels: 2,
      callerIdMode: 'fixed',
      fixedCallerId: '+78121234567',
      employeeMayChooseCallerId: true,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      number: anna.sipNumber,
      multiTerminal: true,
      channels: 2,
      fixedCallerId: '+78121234567',
      employeeMayChooseCallerId: true,
    });
    expect(pbx.pbx.directory.sipNumbers.get(anna.sipNumber)).toMatchObject({
      channels: 2,
      multiTerminal: true,
    });
  });

  it('refuses channels outside 1–10, unknown modes and a fixed number the company does not have', async () => {
    const anna = await start();
    const path = `/admin/employees/${anna.id}/sip-number`;
    for (const [body, field, message] of [
      [{ channels: 0 }, 'channels', 'must be at least 1'],
      [{ channels: 11 }, 'channels', 'must be at most 10'],
      [{ channels: 1.5 }, 'channels', 'must be a whole number'],
      [{ channels: 'two' }, 'channels', 'must be a number'],
      [{ enabled: 'yes' }, 'enabled', 'must be true or false'],
      [
        { fixedCallerId: '8 812 123' },
        'fixedCallerId',
        expect.stringContaining('international format'),
      ],
      [
        { fixedCallerId: '+78121234567' },
        'fixedCallerId',
        "+78121234567 is not one of the company's numbers",
      ],
    ] as const) {
      const refused = await admin.patch(path, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.fields, JSON.stringify(body)).toEqual([{ path: field, message }]);
    }
    const mode = await admin.patch(path, { callerIdMode: 'sometimes' });
    expect(mode.body.fields[0].path).toBe('callerIdMode');
    expect(pbx.pbx.directory.sipNumbers.get(anna.sipNumber)).toMatchObject({
      channels: 1,
      enabled: true,
    });
  });

  it('allows international and premium-rate calls only when told, audited', async () => {
    const anna = await start();
    const path = `/admin/employees/${anna.id}/sip-number`;
    expect((await admin.get(`/admin/employees/${anna.id}`)).body.sipNumber).toMatchObject({
      internationalAllowed: false,
      premiumAllowed: false,
    });
    const changed = await admin.patch(path, { internationalAllowed: true });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ internationalAllowed: true, premiumAllowed: false });
    expect((await admin.patch(path, { premiumAllowed: true })).body).toMatchObject({
      internationalAllowed: true,
      premiumAllowed: true,
    });
    // What the PBX checks calls against.
    expect(pbx.pbx.directory.sipNumbers.get(anna.sipNumber)).toMatchObject({
      internationalAllowed: true,
      premiumAllowed: true,
    });
    const refused = await admin.patch(path, { premiumAllowed: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { path: 'premiumAllowed', message: 'must be true or false' },
    ]);
    const audit = (await admin.get('/admin/audit')).body.items;
    expect(audit.slice(0, 2)).toMatchObject([
      {
        action: 'sip-number.update',
        before: { premiumAllowed: false },
        after: { premiumAllowed: true },
      },
      {
        action: 'sip-number.update',
        before: { internationalAllowed: false },
        after: { internationalAllowed: true },
      },
    ]);
  });

  it('disabling a number drops its devices at once and it cannot register', async () => {
    const anna = await start();
    await registeredDevice(pbx, anna.sipNumber, anna.password);
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, { enabled: false });
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toEqual([]);
    expect(await registerStatus(pbx, anna.sipNumber, anna.password)).toBe(403);
  });

  it('shows the credentials block without the password', async () => {
    const anna = await start();
    const credentials = await admin.get(`/admin/employees/${anna.id}/credentials`);
    expect(credentials.body).toMatchObject({
      employee: { id: anna.id, name: 'Anna Ivanova' },
      server: '127.0.0.1',
      domain: TEST_DOMAIN,
      login: anna.sipNumber,
      ports: {
        udp: pbx.pbx.ports.sip,
        tcp: pbx.pbx.ports.sip,
        ws: pbx.pbx.ports.http,
        tls: null,
        wss: null,
      },
    });
    expect(JSON.stringify(credentials.body)).not.toContain(anna.password);
  });

  it('resets the password: returned once, the old one stops at once for devices and sessions', async () => {
    const anna = await start();
    const tcp = await registeredDevice(pbx, anna.sipNumber, anna.password, 'tcp');
    const employee = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    const reset = await admin.post(`/admin/employees/${anna.id}/password`, {});
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ password: expect.stringMatching(/^\S{12,}$/), mail: null });
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toEqual([]);
    // The registered device's connection is closed at once (it is told why over a WebSocket),
    // and a new one with the old password is refused.
    await until(() => tcp.closed, 2000, 'the PBX closes the TCP device');
    const again = await sipClient(pbx, 'tcp');
    expect(await registerWithDigest(again, anna.sipNumber, anna.password)).not.toBe(200);
    await registeredDevice(pbx, anna.sipNumber, reset.body.password);
    expect((await employee.get('/me')).status).toBe(401);
  });

  it('lists the devices registered now and drops one', async () => {
    const anna = await start();
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, { multiTerminal: true });
    await registeredDevice(pbx, anna.sipNumber, anna.password, 'udp');
    await registeredDevice(pbx, anna.sipNumber, anna.password, 'tcp');
    const devices = await admin.get(`/admin/employees/${anna.id}/devices`);
    expect(devices.body).toHaveLength(2);
    expect(devices.body.map((d: { transport: string }) => d.transport).sort()).toEqual([
      'tcp',
      'udp',
    ]);
    expect(devices.body[0]).toMatchObject({
      kind: 'third-party',
      address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      since: expect.any(String),
    });
    const [first] = devices.body;
    expect((await admin.delete(`/admin/employees/${anna.id}/devices/${first.id}`)).status).toBe(
      204,
    );
    const after = await admin.get(`/admin/employees/${anna.id}/devices`);
    expect(after.body.map((d: { id: string }) => d.id)).not.toContain(first.id);
    expect(after.body).toHaveLength(1);
    expect((await admin.delete(`/admin/employees/${anna.id}/devices/${first.id}`)).status).toBe(
      404,
    );
    const audit = await admin.get('/admin/audit');
    expect(audit.body.items[0]).toMatchObject({ action: 'device.drop', before: { id: first.id } });
  });
});

describe('admin: absence periods', () => {
  it('adds, lists and deletes; an overlapping period is 409, a touching one is fine', async () => {
    const anna = await start();
    const boris = await pbx.addEmployee('Boris');
    const path = `/admin/employees/${anna.id}/absences`;
    const first = await admin.post(path, {
      from: '2026-12-01T00:00:00Z',
      to: '2026-12-15T00:00:00Z',
      reason: 'vacation',
      forwardToEmployeeId: boris.id,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      from: '2026-12-01T00:00:00.000Z',
      reason: 'vacation',
      forwardTo: { id: boris.id, name: 'Boris', sipNumber: boris.sipNumber },
    });
    const overlap = await admin.post(path, {
      from: '2026-12-14T00:00:00Z',
      to: '2026-12-20T00:00:00Z',
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.message).toBe(
      'overlaps the absence from 2026-12-01T00:00:00.000Z to 2026-12-15T00:00:00.000Z',
    );
    const touching = await admin.post(path, {
      from: '2026-12-15T00:00:00Z',
      to: '2026-12-20T00:00:00+03:00',
    });
    expect(touching.status).toBe(201);
    expect((await admin.get(path)).body).toHaveLength(2);
    expect((await admin.delete(`${path}/${first.body.id}`)).status).toBe(204);
    expect((await admin.get(path)).body.map((a: { id: number }) => a.id)).toEqual([
      touching.body.id,
    ]);
  });

  it('refuses an end before the start, bad dates and forwarding to oneself', async () => {
    const anna = await start();
    const path = `/admin/employees/${anna.id}/absences`;
    const backwards = await admin.post(path, {
      from: '2026-12-10T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
    });
    expect(backwards.body.fields).toEqual([
      { path: 'to', message: 'the end must be after the start' },
    ]);
    const garbage = await admin.post(path, { from: 'tomorrow', to: '2026-12-01T00:00:00Z' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.fields[0].path).toBe('from');
    const self = await admin.post(path, {
      from: '2026-12-01T00:00:00Z',
      to: '2026-12-02T00:00:00Z',
      forwardToEmployeeId: anna.id,
    });
    expect(self.body.fields).toEqual([
      { path: 'forwardToEmployeeId', message: 'calls cannot be forwarded to the absent employee' },
    ]);
  });
});

describe('admin: company numbers', () => {
  it('adds, edits and deletes; one default; a number already connected is 409', async () => {
    const anna = await start();
    const first = await admin.post('/admin/company-numbers', {
      number: '+78121234567',
      region: 'санкт-петербург',
      isDefault: true,
      inboundEmployeeId: anna.id,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      number: '+78121234567',
      region: 'Санкт-Петербург', // as the numbering table spells it
      enabled: true,
      isDefault: true,
      inboundEmployee: { id: anna.id, name: 'Anna Ivanova' },
    });
    const second = await admin.post('/admin/company-numbers', {
      number: '+74951234567',
      isDefault: true,
    });
    const list = await admin.get('/admin/company-numbers');
    expect(
      list.body.map((n: { number: string; isDefault: boolean }) => [n.number, n.isDefault]),
    ).toEqual([
      ['+74951234567', true],
      ['+78121234567', false],
    ]);
    const again = await admin.post('/admin/company-numbers', { number: '+78121234567' });
    expect(again.status).toBe(409);
    expect(again.body.fields).toEqual([
      { path: 'number', message: 'this number is already connected' },
    ]);
    const bad = await admin.post('/admin/company-numbers', { number: '88121234567' });
    expect(bad.body.fields[0]).toEqual({
      path: 'number',
      message: 'must be a phone number in international format, like +78121234567',
    });
    const edited = await admin.patch(`/admin/company-numbers/${second.body.id}`, {
      enabled: false,
      inboundEmployeeId: null,
    });
    expect(edited.body).toMatchObject({ enabled: false, inboundEmployee: null });
    expect((await admin.delete(`/admin/company-numbers/${first.body.id}`)).status).toBe(204);
    expect((await admin.get('/admin/company-numbers')).body).toHaveLength(1);
  });
});
