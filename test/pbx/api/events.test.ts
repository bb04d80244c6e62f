import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEmployee } from '../../../pbx/directory';
import { EVENTS_CLOSE, EVENTS_PATH, type ApiEvent } from '../../../shared/api';
import { signedInAdmin, signedInEmployee, type ApiClient } from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { RawSipClient, registerWithDigest } from '../../support/raw-sip-client';

const WAIT_MS = 3000;

let pbx: TestPbx;
const sockets: EventSocket[] = [];
const sipClients: RawSipClient[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const client of sipClients.splice(0)) client.close();
  await pbx?.stop();
});

/**
 * A client of the live-updates socket that keeps every message in order, so a test can ask
 * for the next one, or skip to the first that matches.
 */
class EventSocket {
  private readonly received: ApiEvent[] = [];
  private cursor = 0;
  closed?: { code: number; reason: string };
  private wake: () => void = () => {};

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.received.push(JSON.parse(data.toString('utf8')) as ApiEvent);
      this.wake();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.closed = { code, reason: reason.toString('utf8') };
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  /** Connects to the events path; `hello` is the first message, sent as is. */
  static async open(hello: string): Promise<EventSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${pbx.pbx.ports.http}${EVENTS_PATH}`);
    const socket = new EventSocket(ws);
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(hello);
    return socket;
  }

  /** Signs in with a token and waits for `ready`. */
  static async signedIn(client: ApiClient): Promise<EventSocket> {
    const socket = await EventSocket.open(JSON.stringify({ token: client.token }));
    expect(await socket.next()).toEqual({ type: 'ready' });
    return socket;
  }

  /** The next message not yet looked at. */
  next(ms = WAIT_MS): Promise<ApiEvent> {
    return this.until(() => this.received[this.cursor] !== undefined, ms).then(
      () => this.received[this.cursor++]!,
    );
  }

  /** Skips to the first message from here on that matches. */
  async waitFor(match: (event: ApiEvent) => boolean, ms = WAIT_MS): Promise<ApiEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const event = await this.next(Math.max(deadline - Date.now(), 1));
      if (match(event)) return event;
    }
  }

  /** Resolves with the close code and reason once the server closes the socket. */
  async closeCode(ms = WAIT_MS): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== undefined, ms);
    return this.closed!;
  }

  terminate(): void {
    this.ws.terminate();
  }

  private until(done: () => boolean, ms: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.wake = () => {};
        reject(new Error(`no event in ${ms} ms; received ${JSON.stringify(this.received)}`));
      }, ms);
      this.wake = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.wake = () => {};
        resolve();
      };
    });
  }
}

const isType = (type: ApiEvent['type']) => (event: ApiEvent) => event.type === type;

async function registeredDevice(
  sipNumber: string,
  password: string,
  transport: 'udp' | 'ws' = 'udp',
): Promise<RawSipClient> {
  const port = transport === 'udp' ? pbx.pbx.ports.sip : pbx.pbx.ports.http;
  const client = await RawSipClient.connect(transport, port);
  sipClients.push(client);
  expect(await registerWithDigest(client, sipNumber, password)).toBe(200);
  return client;
}

describe('the live-updates socket', () => {
  it('answers a valid token with ready and tells an admin of every kind of change', async () => {
    pbx = await startTestPbx();
    const watcher = await signedInAdmin(pbx, 'watcher@example.com');
    const actor = await signedInAdmin(pbx, 'actor@example.com');
    const anna = pbx.addEmployee('Anna');
    const annaId = pbx.store.sipNumbers.get(anna.sipNumber)!.employeeId;
    const events = await EventSocket.signedIn(watcher);

    // Each change and exactly the events it announces, in order.
    expect(
      (await actor.patch(`/admin/employees/${annaId}/sip-number`, { channels: 3 })).status,
    ).toBe(200);
    expect(await events.next()).toEqual({
      type: 'sip-number-changed',
      employeeId: annaId,
      sipNumber: anna.sipNumber,
    });
    // The list shows each number's settings, so it is told too.
    expect(await events.next()).toEqual({ type: 'employees-changed' });

    const created = await actor.post('/admin/employees', { name: 'Boris' });
    expect(created.status).toBe(201);
    expect(await events.next()).toEqual({ type: 'employees-changed' });
    expect((await actor.delete(`/admin/employees/${created.body.employee.id}`)).status).toBe(204);
    expect(await events.next()).toEqual({ type: 'employees-changed' });

    const absence = await actor.post(`/admin/employees/${annaId}/absences`, {
      from: '2030-01-01T00:00:00Z',
      to: '2030-01-10T00:00:00Z',
    });
    expect(absence.status).toBe(201);
    expect(await events.next()).toEqual({ type: 'absences-changed', employeeId: annaId });
    expect(
      (await actor.delete(`/admin/employees/${annaId}/absences/${absence.body.id}`)).status,
    ).toBe(204);
    expect(await events.next()).toEqual({ type: 'absences-changed', employeeId: annaId });

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
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const anna = pbx.addEmployee('Anna');
    const annaId = pbx.store.sipNumbers.get(anna.sipNumber)!.employeeId;
    const events = await EventSocket.signedIn(admin);
    const devicesChanged = {
      type: 'devices-changed',
      employeeId: annaId,
      sipNumber: anna.sipNumber,
    };

    await registeredDevice(anna.sipNumber, anna.password);
    expect(await events.next()).toEqual(devicesChanged);

    const devices = await admin.get(`/admin/employees/${annaId}/devices`);
    expect(devices.body).toHaveLength(1);
    const dropped = await admin.delete(`/admin/employees/${annaId}/devices/${devices.body[0].id}`);
    expect(dropped.status).toBe(204);
    expect(await events.next()).toEqual(devicesChanged);
  });

  it("tells an employee of their own number's changes, not of a colleague's", async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const anna = pbx.addEmployee('Anna');
    const boris = pbx.addEmployee('Boris');
    const annaId = pbx.store.sipNumbers.get(anna.sipNumber)!.employeeId;
    const borisId = pbx.store.sipNumbers.get(boris.sipNumber)!.employeeId;
    // Boris may choose his caller ID, so he can change his own number without an admin.
    await admin.patch(`/admin/employees/${borisId}/sip-number`, {
      employeeMayChooseCallerId: true,
    });
    const borisApi = await signedInEmployee(pbx, boris.sipNumber, boris.password);
    const annaApi = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    const events = await EventSocket.signedIn(annaApi);

    // Unrelated first: Boris's number changes (only a sip-number-changed of Boris is sent).
    expect((await borisApi.put('/me/caller-id', { number: null })).status).toBe(200);
    // Then related: the admin changes Anna's channels.
    expect(
      (await admin.patch(`/admin/employees/${annaId}/sip-number`, { channels: 2 })).status,
    ).toBe(200);
    expect(await events.next()).toEqual({
      type: 'sip-number-changed',
      employeeId: annaId,
      sipNumber: anna.sipNumber,
    });
  });

  it('an admin changing a colleague does not reach the employee as a sip-number-changed', async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const anna = pbx.addEmployee('Anna');
    const boris = pbx.addEmployee('Boris');
    const annaId = pbx.store.sipNumbers.get(anna.sipNumber)!.employeeId;
    const borisId = pbx.store.sipNumbers.get(boris.sipNumber)!.employeeId;
    const events = await EventSocket.signedIn(
      await signedInEmployee(pbx, anna.sipNumber, anna.password),
    );

    await admin.patch(`/admin/employees/${borisId}/sip-number`, { channels: 4 });
    await admin.patch(`/admin/employees/${annaId}/sip-number`, { channels: 2 });
    expect(await events.waitFor(isType('sip-number-changed'))).toEqual({
      type: 'sip-number-changed',
      employeeId: annaId,
      sipNumber: anna.sipNumber,
    });
  });

  it("gives another company's sockets nothing of this company's changes", async () => {
    pbx = await startTestPbx();
    const adminA = await signedInAdmin(pbx, 'a@example.com');
    const anna = pbx.addEmployee('Anna');
    const annaId = pbx.store.sipNumbers.get(anna.sipNumber)!.employeeId;
    const other = pbx.store.companies.create({ name: 'Other' });
    const adminB = await signedInAdmin(pbx, 'b@other.example', other.id);
    const olga = createEmployee(pbx.store, { companyId: other.id, name: 'Olga' }, TEST_DOMAIN);
    const socketB = await EventSocket.signedIn(adminB);
    const employeeSocketB = await EventSocket.signedIn(
      await signedInEmployee(pbx, olga.sipNumber, olga.password),
    );

    // Every kind of change in company A first.
    await adminA.patch(`/admin/employees/${annaId}/sip-number`, { channels: 3 });
    await adminA.post('/admin/employees', { name: 'Boris' });
    await adminA.post(`/admin/employees/${annaId}/absences`, {
      from: '2030-01-01T00:00:00Z',
      to: '2030-01-02T00:00:00Z',
    });
    await adminA.post('/admin/company-numbers', { number: '+78121234567' });
    await registeredDevice(anna.sipNumber, anna.password);
    // Then one in company B.
    expect(
      (await adminB.patch(`/admin/employees/${olga.employee.id}/sip-number`, { channels: 2 }))
        .status,
    ).toBe(200);
    const olgaChanged = {
      type: 'sip-number-changed',
      employeeId: olga.employee.id,
      sipNumber: olga.sipNumber,
    };
    expect(await socketB.next()).toEqual(olgaChanged);
    expect(await employeeSocketB.next()).toEqual(olgaChanged);
  });
});

describe('the hello and the end of a session', () => {
  it('closes with 4001 for a token that signs nobody in', async () => {
    pbx = await startTestPbx();
    const socket = await EventSocket.open(JSON.stringify({ token: 'forged-token' }));
    expect((await socket.closeCode()).code).toBe(EVENTS_CLOSE.unauthorized);
    expect(EVENTS_CLOSE.unauthorized).toBe(4001);
  });

  it('closes with 4002 for a first message that is not a hello', async () => {
    pbx = await startTestPbx();
    for (const garbage of ['hello?', '{"token": ""}', '[1,2,3]', '{"tok": "x"}']) {
      const socket = await EventSocket.open(garbage);
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
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const anna = pbx.addEmployee('Anna');
    const annaId = pbx.store.sipNumbers.get(anna.sipNumber)!.employeeId;
    const socket = await EventSocket.signedIn(
      await signedInEmployee(pbx, anna.sipNumber, anna.password),
    );
    expect((await admin.post(`/admin/employees/${annaId}/password`)).status).toBe(200);
    expect((await socket.closeCode()).code).toBe(EVENTS_CLOSE.unauthorized);
  });
});

describe('SIP over WebSocket beside the events socket', () => {
  it('still registers at / with the sip subprotocol, and the events socket reports it', async () => {
    pbx = await startTestPbx();
    const admin = await signedInAdmin(pbx);
    const anna = pbx.addEmployee('Anna');
    const annaId = pbx.store.sipNumbers.get(anna.sipNumber)!.employeeId;
    const events = await EventSocket.signedIn(admin);

    const phone = await registeredDevice(anna.sipNumber, anna.password, 'ws');
    expect(phone.responses.map((r) => r.status)).toEqual([401, 200]);
    expect(await events.next()).toEqual({
      type: 'devices-changed',
      employeeId: annaId,
      sipNumber: anna.sipNumber,
    });
    const devices = await admin.get(`/admin/employees/${annaId}/devices`);
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
        const timer = setTimeout(() => resolve('no answer'), WAIT_MS);
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

/**
 * A WebSocket client written out by hand, for request targets the `ws` client cannot send
 * (an absolute URI, as a forward proxy sends it).
 */
async function rawUpgrade(port: number, target: string, protocol?: string) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  socket.on('error', () => undefined);
  let buffer = Buffer.alloc(0);
  let wake = () => {};
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake();
  });
  socket.on('close', () => wake());
  const until = async <T>(take: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (socket.destroyed || Date.now() > deadline) {
        throw new Error(`nothing more; received ${JSON.stringify(buffer.toString('latin1'))}`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  socket.write(
    [
      `GET ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...(protocol ? [`Sec-WebSocket-Protocol: ${protocol}`] : []),
      '',
      '',
    ].join('\r\n'),
  );
  const head = until(() => {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const text = buffer.subarray(0, end).toString('latin1');
    buffer = buffer.subarray(end + 4);
    return text;
  });
  return {
    head,
    /** One masked text frame, as a client must send it. */
    send(text: string) {
      const payload = Buffer.from(text, 'utf8');
      if (payload.length > 125) throw new Error('only short frames are written here');
      const mask = randomBytes(4);
      const masked = payload.map((byte, i) => byte ^ mask[i % 4]!);
      socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    },
    /** The next short unmasked text frame from the server. */
    nextText: () =>
      until(() => {
        if (buffer.length < 2 || buffer.length < 2 + (buffer[1]! & 0x7f)) return undefined;
        const length = buffer[1]! & 0x7f;
        const text = buffer.subarray(2, 2 + length).toString('utf8');
        buffer = buffer.subarray(2 + length);
        return text;
      }),
    destroy: () => socket.destroy(),
  };
}
