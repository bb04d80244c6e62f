import { afterEach, describe, expect, it } from 'vitest';
import { signedInAdmin, signedInEmployee, type ApiClient } from '../../support/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { closeSipClients, registeredDevice } from '../../support/sip-devices';

let pbx: TestPbx;
let admin: ApiClient;

async function start() {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
  const anna = await pbx.addEmployee('Anna Ivanova', 'anna-password-1');
  return { ...anna, me: await signedInEmployee(pbx, anna.sipNumber, anna.password) };
}

afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

describe('employee API', () => {
  it('shows my number as it affects me, with the absence in force', async () => {
    const anna = await start();
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, {
      channels: 2,
      multiTerminal: true,
    });
    const now = Date.now();
    await admin.post(`/admin/employees/${anna.id}/absences`, {
      from: new Date(now - 3_600_000).toISOString(),
      to: new Date(now + 3_600_000).toISOString(),
      reason: 'sick leave',
    });
    const mine = await anna.me.get('/me');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      employee: { id: anna.id, name: 'Anna Ivanova' },
      sipNumber: anna.sipNumber,
      enabled: true,
      multiTerminal: true,
      channels: 2,
      callerId: { mode: 'fixed', mayChoose: false, choices: [], choiceRegions: {}, chosen: null },
      absence: { reason: 'sick leave', forwardTo: null },
    });
  });

  it('lets me choose the caller ID only when the admin allows it, from the company numbers', async () => {
    const anna = await start();
    await admin.post('/admin/company-numbers', {
      number: '+78121234567',
      region: 'Санкт-Петербург',
    });
    await admin.post('/admin/company-numbers', { number: '+74951234567' });
    await admin.post('/admin/company-numbers', {
      number: '+74957654321',
      region: 'Москва',
      enabled: false,
    });
    const refused = await anna.me.put('/me/caller-id', { number: '+78121234567' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('your administrator does not let you choose the caller ID');
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, {
      employeeMayChooseCallerId: true,
    });
    const choices = (await anna.me.get('/me')).body.callerId;
    expect(choices).toMatchObject({ mayChoose: true, choices: ['+74951234567', '+78121234567'] });
    // Each choice's region, for the softphone to show beside it; the disabled number is not one.
    expect(choices.choiceRegions).toEqual({
      '+74951234567': null,
      '+78121234567': 'Санкт-Петербург',
    });
    const chosen = await anna.me.put('/me/caller-id', { number: '+74951234567' });
    expect(chosen.body.callerId.chosen).toBe('+74951234567');
    expect((await pbx.store.sipNumbers.get(anna.sipNumber))!.chosenCallerId).toBe('+74951234567');
    const disabled = await anna.me.put('/me/caller-id', { number: '+74957654321' });
    expect(disabled.status).toBe(400);
    expect(disabled.body.fields).toEqual([
      { path: 'number', message: '+74957654321 is not one of the numbers you may choose' },
    ]);
    const cleared = await anna.me.put('/me/caller-id', { number: null });
    expect(cleared.body.callerId.chosen).toBeNull();
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, { callerIdMode: 'random' });
    expect((await anna.me.put('/me/caller-id', { number: '+74951234567' })).status).toBe(403);
  });

  it('lists my devices and lets me drop one', async () => {
    const anna = await start();
    await registeredDevice(pbx, anna.sipNumber, anna.password);
    const devices = await anna.me.get('/me/devices');
    expect(devices.body).toHaveLength(1);
    expect((await anna.me.delete(`/me/devices/${devices.body[0].id}`)).status).toBe(204);
    expect((await anna.me.get('/me/devices')).body).toEqual([]);
    expect((await anna.me.delete('/me/devices/nope')).status).toBe(404);
  });

  it('lists colleagues with whether a device is registered', async () => {
    const anna = await start();
    const boris = await pbx.addEmployee('Boris Petrov');
    await pbx.addEmployee('Vera Sidorova');
    await registeredDevice(pbx, boris.sipNumber, boris.password);
    const colleagues = await anna.me.get('/me/colleagues');
    expect(
      colleagues.body.map((c: { name: string; registered: boolean }) => [c.name, c.registered]),
    ).toEqual([
      ['Boris Petrov', true],
      ['Vera Sidorova', false],
    ]);
    const search = await anna.me.get('/me/colleagues?search=vera');
    expect(search.body.map((c: { name: string }) => c.name)).toEqual(['Vera Sidorova']);
  });

  it('lists my recent calls from the call records, from my side', async () => {
    const anna = await start();
    const boris = await pbx.addEmployee('Boris Petrov');
    const record = (
      caller: string,
      callerName: string,
      callee: string,
      calleeName: string,
      at: number,
    ) =>
      pbx.store.callRecords.insert({
        callId: `call-${at}`,
        companyId: pbx.companyId,
        callerNumber: caller,
        callerName,
        calleeNumber: callee,
        calleeName,
        callerDevice: 'softphone-web',
        startedAt: at,
      });
    const t0 = Date.parse('2026-11-20T10:00:00Z');
    const busy = await record(anna.sipNumber, 'Anna Ivanova', boris.sipNumber, 'Boris Petrov', t0);
    await pbx.store.callRecords.markEnded(busy, t0 + 2000, 'busy', 486);
    await record(boris.sipNumber, 'Boris Petrov', anna.sipNumber, 'Anna Ivanova', t0 + 60_000);
    await record(boris.sipNumber, 'Boris Petrov', '0999999', 'Someone', t0 + 120_000);
    const calls = await anna.me.get('/me/calls');
    expect(calls.body).toEqual([
      expect.objectContaining({ direction: 'incoming', peerNumber: boris.sipNumber, result: null }),
      expect.objectContaining({
        direction: 'outgoing',
        peerNumber: boris.sipNumber,
        peerName: 'Boris Petrov',
        startedAt: '2026-11-20T10:00:00.000Z',
        endedAt: '2026-11-20T10:00:02.000Z',
        result: 'busy',
      }),
    ]);
    expect((await anna.me.get('/me/calls?limit=1')).body).toHaveLength(1);
    expect((await anna.me.get('/me/calls?limit=500')).status).toBe(400);
  });
});
