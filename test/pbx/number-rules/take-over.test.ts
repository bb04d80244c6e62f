/**
 * Multi-terminal off, the place taken over (SPEC §3 Devices): "Use here instead" through the
 * employee's own API session, and "newest device wins"; the dropped device is told why.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedInAdmin, signedInEmployee, type ApiClient } from '../../support/api';
import { stopUa } from '../../support/jssip';
import {
  deviceUa,
  nextDisconnect,
  startRegistration,
  type DeviceUa,
} from '../../support/jssip-registration';
import { startTestPbx, type TestPbx } from '../../support/pbx';

let pbx: TestPbx;
let admin: ApiClient;
let anna: { id: number; sipNumber: string; password: string };
const started: DeviceUa[] = [];

beforeEach(async () => {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
  anna = await pbx.addEmployee('Anna Ivanova');
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((device) => stopUa(device.ua)));
  await pbx.stop();
});

function device(deviceKind: string): DeviceUa {
  const created = deviceUa({ httpPort: pbx.pbx.ports.http, ...anna, deviceKind });
  started.push(created);
  return created;
}

async function registered(deviceKind: string): Promise<DeviceUa> {
  const created = device(deviceKind);
  expect(await startRegistration(created.ua)).toEqual({ registered: true });
  return created;
}

const boundKeys = () => pbx.pbx.bindings.list(anna.sipNumber).map((b) => b.key);
const keyOf = (d: DeviceUa) => boundKeys().find((key) => key.includes(d.instanceId));
const sipNumberPath = () => `/admin/employees/${anna.id}/sip-number`;

describe('"Use here instead"', () => {
  it('the refused device sees which device holds the number, drops it as taken over, then registers', async () => {
    const desk = await registered('softphone-desktop');
    const web = device('softphone-web');
    expect(await startRegistration(web.ua)).toMatchObject({
      status: 403,
      pbxReason: 'device-limit',
    });

    const me = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    const holders = await me.get('/me/devices');
    expect(holders.body).toMatchObject([
      {
        kind: 'softphone-desktop',
        transport: 'ws',
        address: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      },
    ]);
    const told = nextDisconnect(desk.ua);
    const dropped = await me.delete(`/me/devices/${holders.body[0].id}?takeOver=true`);
    expect(dropped.status).toBe(204);
    expect(await told).toEqual({ code: 4001, reason: 'taken-over' });

    web.ua.register();
    await new Promise((resolve) => web.ua.once('registered', resolve));
    expect(boundKeys()).toEqual([keyOf(web)]);
  });

  it('refuses a take-over flag that is not true or false with 400 naming it', async () => {
    await registered('softphone-desktop');
    const me = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    const [holder] = (await me.get('/me/devices')).body;
    const refused = await me.delete(`/me/devices/${holder.id}?takeOver=please`);
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ path: 'takeOver', message: 'must be true or false' }]);
    expect(boundKeys()).toHaveLength(1);
  });
});

describe('newest device wins', () => {
  it('is an admin setting of the SIP number, off by default, refused with 400 when not a boolean', async () => {
    expect((await admin.get(`/admin/employees/${anna.id}`)).body.sipNumber).toMatchObject({
      newestDeviceWins: false,
    });
    const refused = await admin.patch(sipNumberPath(), { newestDeviceWins: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { path: 'newestDeviceWins', message: 'must be true or false' },
    ]);
    const changed = await admin.patch(sipNumberPath(), { newestDeviceWins: true });
    expect([changed.status, changed.body.newestDeviceWins]).toEqual([200, true]);
    expect(pbx.pbx.directory.sipNumbers.get(anna.sipNumber)?.newestDeviceWins).toBe(true);
  });

  it('a new device takes the place without asking; the old one is told it was taken over', async () => {
    expect((await admin.patch(sipNumberPath(), { newestDeviceWins: true })).status).toBe(200);
    const desk = await registered('softphone-desktop');
    const told = nextDisconnect(desk.ua);
    const web = await registered('softphone-web');
    expect(await told).toEqual({ code: 4001, reason: 'taken-over' });
    expect(boundKeys()).toEqual([keyOf(web)]);
  });

  it('with multi-terminal on it changes nothing: the devices share the number', async () => {
    await admin.patch(sipNumberPath(), { newestDeviceWins: true, multiTerminal: true });
    const desk = await registered('softphone-desktop');
    const web = await registered('softphone-web');
    expect(boundKeys()).toEqual([keyOf(desk), keyOf(web)]);
  });
});
