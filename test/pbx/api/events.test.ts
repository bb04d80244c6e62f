import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EVENTS_CLOSE, EVENTS_PATH } from '../../../shared/api';
import { signedInAdmin, signedInEmployee, type ApiClient } from '../../support/api';
import { closeEventSockets, EVENT_WAIT_MS, EventSocket, isType } from '../../support/events-socket';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { rawUpgrade } from '../../support/raw-websocket';
import { closeSipClients, registeredDevice } from '../../support/sip-devices';

let pbx: TestPbx;

afterEach(async () => {
  closeEventSockets();
  closeSipClients();
  await pbx?.stop();
});

interface Person {
  id: number;
  sipNumber: string;
  password: string;
}

/** A fresh PBX with an admin (signed in) and an employee, Anna. */
async function startWithAnna(adminEmail?: string): Promise<{ admin: ApiClient; anna: Person }> {
  pbx = await startTestPbx();
  const admin = await signedInAdmin(pbx, adminEmail);
  return { admin, anna: await pbx.addEmployee('Anna') };
}

/** The employee's own events socket, signed in with their SIP number and password. */
async function eventsOf(person: Person): Promise<EventSocket> {
  return EventSocket.signedIn(await signedInEmployee(pbx, person.sipNumber, person.password));
}

const sipNumberChanged = (person: Pick<Person, 'id' | 'sipNumber'>) => ({
  type: 'sip-number-changed',
  employeeId: person.id,
  sipNumber: person.sipNumber,
});

const devicesChanged = (person: Person) => ({
  type: 'devices-changed',
  employeeId: person.id,
  sipNumber: person.sipNumber,
});

describe('the live-updates socket', () => {
  it('answers a valid token with ready and tells an admin of every kind of change', async () => {
    const { admin: watcher, anna } = await startWithAnna('watcher@example.com');
    const actor = await signedInAdmin(pbx, 'actor@example.com');
    const events = await EventSocket.signedIn(watcher);

    // Each change and exactly the events it announces, in order.
    expect(
      (await actor.patch(`/admin/employees/${anna.id}/sip-number`, { channels: 3 })).status,
    ).toBe(200);
    expect(await events.next()).toEqual(sipNumberChanged(anna));
    // The list shows each number's settings, so it is told too.
    expect(await events.next()).toEqual({ type: 'employees-changed' });

    const created = await actor.post('/admin/employees', { name: 'Boris' });
    expect(created.status).toBe(201);
    expect(await events.next()).toEqual({ type: 'employees-changed' });
    expect((await actor.delete(`/admin/employees/${created.body.employee.id}`)).status).toBe(204);
    expect(await events.next()).toEqual({ type: 'employees-changed' });

    const absence = await actor.post(`/admin/employees/${anna.id}/absences`, {
      from: '2030-01-01T00:00:00Z',
      to: '2030-01-10T00:00:00Z',
    });
    expect(absence.status).toBe(201);
    expect(await events.next()).toEqual({ type: 'absences-changed', employeeId: anna.id });
    expect(
      (await actor.delete(`/admin/employees/${anna.id}/absences/${absence.body.id}`)).status,
    ).toBe(204);
    expect(await events.next()).toEqual({ type: 'absences-changed', employeeId: anna.id });

    const number = await actor.post('/admin/company-numbers', { number: '+78121234567' });
    expect(number.status).toBe(201);
    expect(await events.next()).toEqual({ type: 'company-numbers-changed' });
    expect(
      (await actor.patch(`/admin/company-numbers/${number.body.id}`, { enabled: false })).status,
    ).toBe(200);
    expect(await events.next()).toEqual({ type: 'company-numbers-changed' });
    expect((await actor.delete(`/admin/company-numbers/${number.body.id}`)).status).toBe(204);
    expect(await events.next()).toEqual({ type: 'company-numbers-changed' });
  });

  it('tells an admin when a device registers and when it is dropped', async () => {
    const { admin, anna } = await startWithAnna();
    const events = await EventSocket.signedIn(admin);

    await registeredDevice(pbx, anna.sipNumber, anna.password);
    expect(await events.next()).toEqual(devicesChanged(anna));

    const devices = await admin.get(`/admin/employees/${anna.id}/devices`);
    expect(devices.body).toHaveLength(1);
    const dropped = await admin.delete(`/admin/employees/${anna.id}/devices/${devices.body[0].id}`);
    expect(dropped.status).toBe(204);
    expect(await events.next()).toEqual(devicesChanged(anna));
  });

  it("tells an employee of their own number's changes, not of a colleague's", async () => {
    const { admin, anna } = await startWithAnna();
    const boris = await pbx.addEmployee('Boris');
    // Boris may choose his caller ID, so he can change his own number without an admin.
    await admin.patch(`/admin/employees/${boris.id}/sip-number`, {
      employeeMayChooseCallerId: true,
    });
    const borisApi = await signedInEmployee(pbx, boris.sipNumber, boris.password);
    const events = await eventsOf(anna);

    // Unrelated first: Boris's number changes (only a sip-number-changed of Boris is sent).
    expect((await borisApi.put('/me/caller-id', { number: null })).status).toBe(200);
    // Then related: the admin changes Anna's channels.
    expect(
      (await admin.patch(`/admin/employees/${anna.id}/sip-number`, { channels: 2 })).status,
    ).toBe(200);
    expect(await events.next()).toEqual(sipNumberChanged(anna));
  });

  it('an admin changing a colleague does not reach the employee as a sip-number-changed', async () => {
    const { admin, anna } = await startWithAnna();
    const boris = await pbx.addEmployee('Boris');
    const events = await eventsOf(anna);

    await admin.patch(`/admin/employees/${boris.id}/sip-number`, { channels: 4 });
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, { channels: 2 });
    expect(await events.waitFor(isType('sip-number-changed'))).toEqual(sipNumberChanged(anna));
  });

  it("gives another company's sockets nothing of this company's changes", async () => {
    const { admin: adminA, anna } = await startWithAnna('a@example.com');
    const other = await pbx.addCompany('Other');
    const adminB = await signedInAdmin(pbx, 'b@other.example', other.companyId);
    const olga = await other.addEmployee('Olga');
    const socketB = await EventSocket.signedIn(adminB);
    const employeeSocketB = await eventsOf(olga);

    // Every kind of change in company A first.
    await adminA.patch(`/admin/employees/${anna.id}/sip-number`, { channels: 3 });
    await adminA.post('/admin/employees', { name: 'Boris' });
    await adminA.post(`/admin/employees/${anna.id}/absences`, {
      from: '2030-01-01T00:00:00Z',
      to: '2030-01-02T00:00:00Z',
    });
    await adminA.post('/admin/company-numbers', { number: '+78121234567' });
    await registeredDevice(pbx, anna.sipNumber, anna.password);
    // Then one in company B.
    expect(
      (await adminB.patch(`/admin/employees/${olga.id}/sip-number`, { channels: 2 })).status,
    ).toBe(200);
    expect(await socketB.next()).toEqual(sipNumberChanged(olga));
    expect(await employeeSocketB.next()).toEqual(sipNumberChanged(olga));
  });
});

describe('the hello and the end of a session', () => {
  it('closes with 4001 for a token that signs nobody in', async () => {
    pbx = await startTestPbx();
    const socket = await EventSocket.open(pbx, JSON.stringify({ token: 'forged-token' }));
    expect((await socket.closeCode()).code).toBe(EVENTS_CLOSE.unauthorized);
    expect(EVENTS_CLOSE.unauthorized).toBe(4001);
  });

  it('closes with 4002 for a first message that is not a hello', async () => {
    pbx = await startTestPbx();
    for (const garbage of ['hello?', '{"token": ""}', '[1,2,3]', '{"tok": "x"}']) {
      const socket = await EventSocket.open(pbx, garbage);
      expect((await socket.closeCode()).code, garbage).toBe(EVENTS_CLOSE.badHello);
    }
    expect(EVENTS_CLOSE.badHello).toBe(4002);
  });

  it('closes an admin socket with 4001 at the next event after sign-out', async () => {
    pbx = await startTestPbx();
    const leaving = await signedInAdmin(pbx, 'leaving@example.com');
    const staying = await signedInAdmin(pbx, 'staying@example.com');
    const socket = await EventSocket.signedIn(leaving);
    expect((await leaving.delete('/auth/session')).status).toBe(204);
    expect((await staying.post('/admin/employees', { name: 'Anna' })).status).toBe(201);
    expect(await socket.closeCode()).toEqual({
      code: EVENTS_CLOSE.unauthorized,
      reason: 'session ended',
    });
  });

  it("closes an employee's socket with 4001 once a password reset ends the session", async () => {
    const { admin, anna } = await startWithAnna();
    const socket = await eventsOf(anna);
    expect((await admin.post(`/admin/employees/${anna.id}/password`)).status).toBe(200);
    expect((await socket.closeCode()).code).toBe(EVENTS_CLOSE.unauthorized);
  });
});

describe('SIP over WebSocket beside the events socket', () => {
  it('still registers at / with the sip subprotocol, and the events socket reports it', async () => {
    const { admin, anna } = await startWithAnna();
    const events = await EventSocket.signedIn(admin);

    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password, 'ws');
    expect(phone.responses.map((r) => r.status)).toEqual([401, 200]);
    expect(await events.next()).toEqual(devicesChanged(anna));
    const devices = await admin.get(`/admin/employees/${anna.id}/devices`);
    expect(devices.body).toMatchObject([{ transport: 'ws' }]);
  });
});

describe('routing upgrades between the events socket and SIP', () => {
  it('refuses an upgrade to another path under /api/ instead of leaving it hanging', async () => {
    pbx = await startTestPbx();
    // Sockets the server was handed for an upgrade, so a hung one can be ended after the test.
    const upgraded: Duplex[] = [];
    pbx.pbx.httpServer.on('upgrade', (_request, socket: Duplex) => upgraded.push(socket));
    const ws = new WebSocket(`ws://127.0.0.1:${pbx.pbx.ports.http}/api/v1/nothing-here`);
    try {
      const outcome = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('no answer'), EVENT_WAIT_MS);
        const settle = (result: string) => {
          clearTimeout(timer);
          resolve(result);
        };
        ws.once('unexpected-response', (_request, response) =>
          settle(`HTTP ${response.statusCode}`),
        );
        ws.once('error', (error) => settle(`error: ${error.message}`));
        ws.once('open', () => settle('open'));
      });
      expect(outcome).toMatch(/^(HTTP 4\d\d|error: )/);
    } finally {
      ws.terminate();
      // A socket nobody answered would otherwise keep the PBX from stopping.
      for (const socket of upgraded) socket.destroy();
    }
  });

  it('serves the events socket for an absolute-form request target too', async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const port = pbx.pbx.ports.http;
    const socket = await rawUpgrade(port, `http://127.0.0.1:${port}${EVENTS_PATH}`);
    try {
      expect(await socket.head).toMatch(/^HTTP\/1\.1 101 /);
      socket.send(JSON.stringify({ token: admin.token }));
      expect(await socket.nextText()).toBe('{"type":"ready"}');
    } finally {
      socket.destroy();
    }
  });

  it('hands an upgrade to one handler only: no handler throws, so the PBX survives', async () => {
    pbx = await startTestPbx();
    const thrown = catchUpgradeThrows(pbx);
    const port = pbx.pbx.ports.http;
    const socket = await rawUpgrade(port, `http://127.0.0.1:${port}${EVENTS_PATH}`, 'sip');
    try {
      expect(await socket.head).toMatch(/^HTTP\/1\.1 101 /);
    } finally {
      socket.destroy();
    }
    expect(thrown).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});

/**
 * Runs the server's upgrade handlers as Node does, one after the other, but records what they
 * throw: in the PBX nothing catches it, the error is uncaught and the process exits.
 */
function catchUpgradeThrows(test: TestPbx): string[] {
  const server = test.pbx.httpServer;
  const handlers = server.listeners('upgrade') as ((...args: unknown[]) => void)[];
  const thrown: string[] = [];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (...args: unknown[]) => {
    for (const handler of handlers) {
      try {
        handler.apply(server, args);
      } catch (error) {
        thrown.push((error as Error).message);
      }
    }
  });
  return thrown;
}
