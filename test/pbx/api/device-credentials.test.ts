import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeHa1, computeHa1Sha256 } from '../../../pbx/directory';
import { ApiClient, signedInAdmin, signedInEmployee } from '../../support/api';
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
let annaApi: ApiClient;
const started: DeviceUa[] = [];

beforeEach(async () => {
  pbx = await startTestPbx();
  admin = await signedInAdmin(pbx);
  anna = await pbx.addEmployee('Anna Ivanova', 'anna-password-1');
  annaApi = await signedInEmployee(pbx, anna.sipNumber, anna.password);
});

afterEach(async () => {
  closeSipClients();
  await Promise.all(started.splice(0).map((device) => stopUa(device.ua)));
  await pbx.stop();
});

interface Issued {
  username: string;
  secret: string;
  instance: string;
}

async function issue(instance: string = randomUUID()): Promise<Issued> {
  const answer = await annaApi.post('/me/device-credential', { instance });
  expect(answer.status).toBe(201);
  return { ...answer.body, instance };
}

/** A web softphone registering with the device credential, as the page does after a reload. */
function browser(credential: Issued, instanceId = credential.instance): DeviceUa {
  const created = deviceUa({
    httpPort: pbx.pbx.ports.http,
    sipNumber: anna.sipNumber,
    password: credential.secret,
    authorizationUser: credential.username,
    instanceId,
    deviceKind: 'softphone-web',
  });
  started.push(created);
  return created;
}

const stored = () => pbx.company.deviceCredentials.listByNumber(anna.sipNumber);
const unauthorized = { registered: false, cause: 'Authentication Error', status: 401 };

describe('a device credential', () => {
  it('is issued once, kept as HA1s only, and registers its own device with ordinary digest', async () => {
    const credential = await issue();
    expect(credential.username).toMatch(new RegExp(`^${anna.sipNumber}\\.[0-9a-f]{20}$`));
    expect(credential.secret.length).toBeGreaterThanOrEqual(43);
    const [row] = await stored();
    expect(row).toMatchObject({
      username: credential.username,
      instance: credential.instance,
      ha1: computeHa1(credential.username, TEST_DOMAIN, credential.secret),
      ha1Sha256: computeHa1Sha256(credential.username, TEST_DOMAIN, credential.secret),
    });
    expect(JSON.stringify(row)).not.toContain(credential.secret);

    const device = browser(credential);
    expect(await startRegistration(device.ua)).toEqual({ registered: true });
    const [binding] = pbx.pbx.bindings.list(anna.sipNumber);
    expect(binding).toMatchObject({ credential: credential.username, deviceKind: 'softphone-web' });
  });

  it('registers no other device, and a new one for the same device replaces the old', async () => {
    const credential = await issue();
    const elsewhere = browser(credential, randomUUID());
    expect(await startRegistration(elsewhere.ua)).toMatchObject({
      registered: false,
      status: 403,
      pbxReason: 'credentials-mismatch',
    });
    const again = await issue(credential.instance);
    expect((await stored()).map((c) => c.username)).toEqual([again.username]);
    expect(await startRegistration(browser(credential).ua)).toMatchObject(unauthorized);
  });

  it('works from any SIP stack: a plain UDP client with SHA-256, as its device, calling as its number', async () => {
    const credential = await issue();
    const phone = await sipClient(pbx);
    const contact = (instance: string) =>
      `<sip:${anna.sipNumber}@127.0.0.1:${phone.localPort()}>;+sip.instance="<urn:uuid:${instance}>"`;
    const register = (extra: { contact?: string; headers?: string[] } = {}) =>
      requestWithDigest(phone, {
        method: 'REGISTER',
        algorithm: 'SHA-256',
        uri: `sip:${TEST_DOMAIN}`,
        to: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
        sipNumber: anna.sipNumber,
        authUser: credential.username,
        password: credential.secret,
        contact: extra.contact ?? contact(credential.instance),
        headers: extra.headers ?? ['Expires: 600'],
      });
    expect((await register()).status).toBe(200);
    expect(pbx.pbx.bindings.list(anna.sipNumber)[0]?.credential).toBe(credential.username);
    const wildcard = await register({ contact: '*', headers: ['Expires: 0'] });
    expect([wildcard.status, wildcard.headers.get('x-pbx-reason')]).toEqual([
      403,
      'credentials-mismatch',
    ]);
    expect(pbx.pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
    const boris = await pbx.addEmployee('Boris Petrov');
    const call = (fromUser: string) =>
      requestWithDigest(phone, {
        method: 'INVITE',
        uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
        sipNumber: anna.sipNumber,
        fromUser,
        authUser: credential.username,
        password: credential.secret,
      });
    // Boris has no device: authenticated as Anna, the call is routed and finds nobody.
    expect((await call(anna.sipNumber)).status).toBe(480);
    const spoofed = await call(boris.sipNumber);
    expect([spoofed.status, spoofed.reason]).toEqual([403, 'From Does Not Match Credentials']);
  });

  it('meets the same device limit as the password: multi-terminal off, the number is taken', async () => {
    await registeredDevice(pbx, anna.sipNumber, anna.password);
    const device = browser(await issue());
    expect(await startRegistration(device.ua)).toMatchObject({
      registered: false,
      status: 403,
      pbxReason: 'device-limit',
    });
  });

  it('is revoked when the employee drops the device: told, and refused on its way back', async () => {
    const credential = await issue();
    const device = browser(credential);
    expect(await startRegistration(device.ua)).toEqual({ registered: true });
    const [listed] = (await annaApi.get('/me/devices')).body;
    const told = nextDisconnect(device.ua);
    expect((await annaApi.delete(`/me/devices/${listed.id}`)).status).toBe(204);
    expect(await told).toEqual({ code: 4001, reason: 'device-removed' });
    expect(await stored()).toEqual([]);
    expect(await startRegistration(browser(credential).ua)).toMatchObject(unauthorized);
  });

  it('is revoked when an admin drops the device', async () => {
    const credential = await issue();
    expect(await startRegistration(browser(credential).ua)).toEqual({ registered: true });
    const [listed] = (await admin.get(`/admin/employees/${anna.id}/devices`)).body;
    expect((await admin.delete(`/admin/employees/${anna.id}/devices/${listed.id}`)).status).toBe(
      204,
    );
    expect(await stored()).toEqual([]);
  });

  it('is revoked when the number is disabled, and stays revoked once it is enabled again', async () => {
    const credential = await issue();
    const device = browser(credential);
    expect(await startRegistration(device.ua)).toEqual({ registered: true });
    const told = nextDisconnect(device.ua);
    const number = `/admin/employees/${anna.id}/sip-number`;
    expect((await admin.patch(number, { enabled: false })).status).toBe(200);
    expect(await told).toEqual({ code: 4001, reason: 'number-disabled' });
    expect(await stored()).toEqual([]);
    expect((await admin.patch(number, { enabled: true })).status).toBe(200);
    expect(await startRegistration(browser(credential).ua)).toMatchObject(unauthorized);
  });

  it('is revoked when the password is reset: the device is told the password changed', async () => {
    const credential = await issue();
    const device = browser(credential);
    expect(await startRegistration(device.ua)).toEqual({ registered: true });
    const told = nextDisconnect(device.ua);
    expect((await admin.post(`/admin/employees/${anna.id}/password`, {})).status).toBe(200);
    expect(await told).toEqual({ code: 4001, reason: 'password-changed' });
    expect(await stored()).toEqual([]);
    expect(await startRegistration(browser(credential).ua)).toMatchObject(unauthorized);
  });

  it('opens an API session, and signing out with it revokes it and drops its device', async () => {
    const credential = await issue();
    const device = browser(credential);
    expect(await startRegistration(device.ua)).toEqual({ registered: true });
    const proof = { username: credential.username, secret: credential.secret };
    const session = await new ApiClient(pbx).post('/auth/device', proof);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      role: 'employee',
      employee: { sipNumber: anna.sipNumber },
    });

    const wrong = await new ApiClient(pbx).post('/auth/device/revoke', { ...proof, secret: 'x' });
    expect(wrong.status).toBe(401);
    expect(await stored()).toHaveLength(1);
    expect((await new ApiClient(pbx).post('/auth/device/revoke', proof)).status).toBe(204);
    expect(await stored()).toEqual([]);
    await until(() => pbx.pbx.bindings.list(anna.sipNumber).length === 0, 2000, 'device dropped');
    const after = await new ApiClient(pbx).post('/auth/device', proof);
    expect(after.status).toBe(401);
    expect(after.body.message).toBe(
      'this device sign-in is no longer valid: sign in with the password',
    );
  });

  it('refuses bad input with 400 naming the field, and anonymous issuing with 401', async () => {
    const bad = await annaApi.post('/me/device-credential', { instance: 'my-laptop' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([
      { path: 'instance', message: 'instance must be the device instance UUID' },
    ]);
    const missing = await new ApiClient(pbx).post('/auth/device', { username: '0123456.zz' });
    expect(missing.status).toBe(400);
    expect(missing.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'secret',
      'username',
    ]);
    const anonymous = await new ApiClient(pbx).post('/me/device-credential', {
      instance: randomUUID(),
    });
    expect(anonymous.status).toBe(401);
  });

  it('is not issued for a disabled number', async () => {
    await admin.patch(`/admin/employees/${anna.id}/sip-number`, { enabled: false });
    const refused = await annaApi.post('/me/device-credential', { instance: randomUUID() });
    expect(refused.status).toBe(403);
    expect(await stored()).toEqual([]);
  });
});
