import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedInAdmin, signedInEmployee, type ApiClient } from '../../support/api';
import { stopUa } from '../../support/jssip';
import {
  deviceUa,
  nextDisconnect,
  startRegistration,
  type DeviceUa,
} from '../../support/jssip-registration';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { until } from '../../support/poll';
import { requestWithDigest } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';

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
  closeSipClients();
  await Promise.all(started.splice(0).map((device) => stopUa(device.ua)));
  await pbx.stop();
});

/** One of Anna's devices: a JsSIP UA of the given kind (none: a third-party phone). */
function device(deviceKind?: string): DeviceUa {
  const created = deviceUa({ httpPort: pbx.pbx.ports.http, ...anna, deviceKind });
  started.push(created);
  return created;
}

async function registered(deviceKind?: string): Promise<DeviceUa> {
  const created = device(deviceKind);
  expect(await startRegistration(created.ua)).toEqual({ registered: true });
  return created;
}

/** The instance ids of Anna's devices the PBX holds now, oldest first. */
const boundInstances = () =>
  pbx.pbx.bindings
    .list(anna.sipNumber)
    .map((b) => started.find((d) => b.key.includes(d.instanceId))?.instanceId ?? b.key);

const bindingOf = (d: DeviceUa) =>
  pbx.pbx.bindings.list(anna.sipNumber).find((b) => b.key.includes(d.instanceId));

const refused = (reason: string, pbxReason: string) => ({
  registered: false,
  cause: 'Rejected',
  status: 403,
  reason,
  pbxReason,
});

const setNumber = (patch: object) => admin.patch(`/admin/employees/${anna.id}/sip-number`, patch);

describe('multi-terminal on', () => {
  beforeEach(async () => {
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { multiTerminal: true });
  });

  it('takes four softphones and refuses a fifth with 403 Device Limit Reached', async () => {
    const four = [];
    for (const kind of ['softphone-desktop', 'softphone-web', 'softphone-mobile', 'softphone-web'])
      four.push(await registered(kind));
    const fifth = device('softphone-web');
    expect(await startRegistration(fifth.ua)).toEqual(
      refused('Device Limit Reached', 'device-limit'),
    );
    expect(boundInstances()).toEqual(four.map((d) => d.instanceId));
  });

  it('keeps the fourth place for the softphone: a fourth third-party device is refused, the softphone is not', async () => {
    const phones = [await registered(), await registered('crm-widget'), await registered()];
    expect(pbx.pbx.bindings.list(anna.sipNumber).map((b) => b.deviceKind)).toEqual([
      'third-party',
      'crm-widget',
      'third-party',
    ]);
    const fourthPhone = device();
    expect(await startRegistration(fourthPhone.ua)).toEqual(
      refused('Device Limit Reached', 'device-limit'),
    );
    const softphone = await registered('softphone-web');
    expect(boundInstances()).toEqual([...phones, softphone].map((d) => d.instanceId));
    expect(bindingOf(softphone)?.deviceKind).toBe('softphone-web');
  });

  it('a softphone kind counts only over WebSocket: UDP phones claiming it are third-party and cannot take the kept place', async () => {
    const claim = async () =>
      requestWithDigest(await sipClient(pbx), {
        method: 'REGISTER',
        uri: `sip:${TEST_DOMAIN}`,
        to: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
        sipNumber: anna.sipNumber,
        password: anna.password,
        headers: ['Expires: 600', 'X-Device-Kind: softphone-desktop'],
      });
    for (let i = 0; i < 3; i++) expect((await claim()).status).toBe(200);
    expect(pbx.pbx.bindings.list(anna.sipNumber).map((b) => b.deviceKind)).toEqual([
      'third-party',
      'third-party',
      'third-party',
    ]);
    const fourth = await claim();
    expect([fourth.status, fourth.reason, fourth.headers.get('x-pbx-reason')]).toEqual([
      403,
      'Device Limit Reached',
      'device-limit',
    ]);
    const softphone = await registered('softphone-desktop');
    expect(bindingOf(softphone)?.deviceKind).toBe('softphone-desktop');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(4);
  });

  it('switched off through the API, keeps only the newest device; the others are refused on refresh', async () => {
    const oldest = await registered('softphone-desktop');
    const middle = await registered();
    const newest = await registered('softphone-web');
    expect(boundInstances()).toHaveLength(3);
    const told = [oldest, middle].map((dropped) => nextDisconnect(dropped.ua));
    expect((await setNumber({ multiTerminal: false })).status).toBe(200);
    expect(boundInstances()).toEqual([newest.instanceId]);
    // Each dropped device is told why at once: its WebSocket closes with 4001 and the reason.
    expect(await Promise.all(told)).toEqual([
      { code: 4001, reason: 'device-limit' },
      { code: 4001, reason: 'device-limit' },
    ]);
    const before = bindingOf(newest)?.cseq ?? Infinity;
    newest.ua.register();
    await until(() => (bindingOf(newest)?.cseq ?? 0) > before, 3000, 'refresh of the newest');
    expect(boundInstances()).toEqual([newest.instanceId]);
  });
});

describe('multi-terminal off', () => {
  it('refuses a second device with 403 Number In Use On Another Device and accepts the first one refreshing', async () => {
    const first = await registered('softphone-desktop');
    const second = device('softphone-web');
    expect(await startRegistration(second.ua)).toEqual(
      refused('Number In Use On Another Device', 'device-limit'),
    );
    const before = bindingOf(first)?.cseq ?? Infinity;
    first.ua.register();
    await until(() => (bindingOf(first)?.cseq ?? 0) > before, 3000, 'refresh of the first device');
    expect(first.ua.isRegistered()).toBe(true);
    expect(boundInstances()).toEqual([first.instanceId]);
  });

  it('a device that leaves (un-REGISTER, or its WebSocket closes) frees the place', async () => {
    const first = await registered('softphone-desktop');
    const unregistered = new Promise((r) => first.ua.once('unregistered', r));
    first.ua.unregister();
    await unregistered;
    expect(boundInstances()).toEqual([]);
    const second = await registered('softphone-web');
    await stopUa(second.ua);
    await until(() => boundInstances().length === 0, 2000, 'binding removed with its WebSocket');
    await registered();
  });

  it('a raw REGISTER from a second phone gets the same refusal headers', async () => {
    await registeredDevice(pbx, anna.sipNumber, anna.password);
    const response = await requestWithDigest(await sipClient(pbx), {
      method: 'REGISTER',
      uri: `sip:${TEST_DOMAIN}`,
      to: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      headers: ['Expires: 600'],
    });
    expect([response.status, response.reason]).toEqual([403, 'Number In Use On Another Device']);
    expect(response.headers.get('x-pbx-reason')).toBe('device-limit');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
  });
});

describe('a disabled number', () => {
  it('loses its devices at once when disabled through the API and cannot register again', async () => {
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { multiTerminal: true });
    const softphone = await registered('softphone-desktop');
    await registeredDevice(pbx, anna.sipNumber, anna.password, 'tcp');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(2);

    const told = nextDisconnect(softphone.ua);
    expect((await setNumber({ enabled: false })).status).toBe(200);
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toEqual([]);
    expect(await told).toEqual({ code: 4001, reason: 'number-disabled' });
    expect(await startRegistration(device('softphone-web').ua)).toEqual(
      refused('Number Disabled', 'number-disabled'),
    );
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toEqual([]);
  });

  it('registers again once enabled', async () => {
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
    expect(await startRegistration(device().ua)).toEqual(
      refused('Number Disabled', 'number-disabled'),
    );
    expect((await setNumber({ enabled: true })).status).toBe(200);
    await registered('softphone-web');
  });
});

describe('a deleted employee', () => {
  it('has every device dropped at once and calls to the number are refused 404', async () => {
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { multiTerminal: true });
    await registered('softphone-web');
    await registeredDevice(pbx, anna.sipNumber, anna.password, 'udp');
    await registeredDevice(pbx, anna.sipNumber, anna.password, 'tcp');
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(3);

    expect((await admin.delete(`/admin/employees/${anna.id}`)).status).toBe(204);
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toEqual([]);
    expect(pbx.pbx.bindings.size).toBe(0);

    const boris = await pbx.addEmployee('Boris Petrov');
    const call = await requestWithDigest(await sipClient(pbx), {
      method: 'INVITE',
      uri: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: boris.sipNumber,
      password: boris.password,
    });
    expect([call.status, call.reason]).toEqual([404, 'Not Found']);
    expect(call.headers.get('x-pbx-reason')).toBe('unknown-number');
  });
});

describe('multi-terminal off, taken over: "Use here instead"', () => {
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
    expect(boundInstances()).toEqual([web.instanceId]);
  });

  it('refuses a take-over flag that is not true or false with 400 naming it', async () => {
    await registered('softphone-desktop');
    const me = await signedInEmployee(pbx, anna.sipNumber, anna.password);
    const [holder] = (await me.get('/me/devices')).body;
    const refused = await me.delete(`/me/devices/${holder.id}?takeOver=please`);
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ path: 'takeOver', message: 'must be true or false' }]);
    expect(boundInstances()).toHaveLength(1);
  });
});

describe('multi-terminal off, newest device wins', () => {
  it('is an admin setting of the SIP number, off by default, refused with 400 when not a boolean', async () => {
    expect((await admin.get(`/admin/employees/${anna.id}`)).body.sipNumber).toMatchObject({
      newestDeviceWins: false,
    });
    const refused = await setNumber({ newestDeviceWins: 'yes' });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { path: 'newestDeviceWins', message: 'must be true or false' },
    ]);
    const changed = await setNumber({ newestDeviceWins: true });
    expect([changed.status, changed.body.newestDeviceWins]).toEqual([200, true]);
    expect(pbx.pbx.directory.sipNumbers.get(anna.sipNumber)?.newestDeviceWins).toBe(true);
  });

  it('a new device takes the place without asking; the old one is told it was taken over', async () => {
    expect((await setNumber({ newestDeviceWins: true })).status).toBe(200);
    const desk = await registered('softphone-desktop');
    const told = nextDisconnect(desk.ua);
    const web = await registered('softphone-web');
    expect(await told).toEqual({ code: 4001, reason: 'taken-over' });
    expect(boundInstances()).toEqual([web.instanceId]);
  });

  it('with multi-terminal on it changes nothing: the devices share the number', async () => {
    await setNumber({ newestDeviceWins: true, multiTerminal: true });
    const desk = await registered('softphone-desktop');
    const web = await registered('softphone-web');
    expect(boundInstances()).toEqual([desk.instanceId, web.instanceId]);
  });
});
