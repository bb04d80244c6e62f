// The status never lies (issue 23 items 1 and 7): what the PBX does to a signed-in softphone
// (drops it, goes away, comes back, loses its connection mid-call) is said on screen in time.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { closedPort } from '../support/ports';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { Softphone } from './softphone';

const ADMIN = { email: 'admin@e2e.example', password: 'admin-password-123' };
let browser: Browser;
let store: Store;
let pbx: RunningPbx;
let companyId: number;
let adminToken = '';
const phones: Softphone[] = [];

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  companyId = (await store.companies.create({ name: 'E2E' })).id;
  await createAdmin(store.forCompany(companyId), ADMIN);
  pbx = await startE2ePbx(store);
  browser = await launchChromium();
  adminToken = ((await api('POST', '/auth/admin', ADMIN)) as { token: string }).token;
});

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
  await store?.close();
});

afterEach(async () => {
  await Promise.all(phones.splice(0).map((phone) => phone.close()));
});

const url = () => `http://127.0.0.1:${pbx.ports.http}/`;
const server = () => `ws://127.0.0.1:${pbx.ports.http}`;

async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url()}api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response.status === 204 ? undefined : response.json();
}

async function employee(name: string) {
  const created = await createEmployee(store.forCompany(companyId), { name }, DOMAIN);
  await pbx.directory.sync();
  return { id: created.employee.id, sipNumber: created.sipNumber, password: created.password };
}
type Person = Awaited<ReturnType<typeof employee>>;

async function signedIn(person: Person): Promise<Softphone> {
  const phone = await Softphone.open(browser, url());
  phones.push(phone);
  await phone.signIn(server(), person.sipNumber, person.password);
  await registered(phone, person);
  return phone;
}

function registered(phone: Softphone, person: Person, timeout = 10_000) {
  return phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${person.sipNumber}` })
    .waitFor({ timeout });
}

/** Waits for a sentence and returns how long it took from `since`. */
async function said(phone: Softphone, text: string | RegExp, since: number, timeout: number) {
  await phone.page.getByText(text).first().waitFor({ timeout });
  return Date.now() - since;
}

const callButton = (phone: Softphone) =>
  phone.page.getByRole('button', { name: 'Call', exact: true });

describe('the PBX drops a signed-in softphone: it says why within 2 s', () => {
  it('the admin disables the number: said, Call disabled; enabled again: registered again', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const at = Date.now();
    await api('PATCH', `/admin/employees/${anna.id}/sip-number`, { enabled: false });
    expect(await said(phone, 'Your admin disabled this number.', at, 2000)).toBeLessThan(2000);
    expect(await callButton(phone).isDisabled()).toBe(true);
    expect(pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
    await api('PATCH', `/admin/employees/${anna.id}/sip-number`, { enabled: true });
    await registered(phone, anna, 10_000);
    expect(await callButton(phone).isEnabled()).toBe(true);
  });

  it('the admin resets the password: said, and back to sign-in', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const at = Date.now();
    await api('POST', `/admin/employees/${anna.id}/password`, { sendEmail: false });
    const text = 'Your password was changed: sign in again.';
    expect(await said(phone, text, at, 2000)).toBeLessThan(2000);
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 2000 });
  });

  it('the admin removes the device: said, and it signs in again by itself', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const [device] = (await api('GET', `/admin/employees/${anna.id}/devices`)) as { id: string }[];
    const at = Date.now();
    await api('DELETE', `/admin/employees/${anna.id}/devices/${device!.id}`);
    const text = 'This device was removed from your number.';
    expect(await said(phone, text, at, 2000)).toBeLessThan(2000);
    await registered(phone, anna, 10_000);
    await phone.page.getByText('The phone signed in again by itself.').waitFor();
    expect(pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
  });
});

describe('outages', () => {
  it('a wrong server address is said within 5 s, on the sign-in form', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await Softphone.open(browser, url());
    phones.push(phone);
    const at = Date.now();
    await phone.signIn(`ws://127.0.0.1:${await closedPort()}`, anna.sipNumber, anna.password);
    const text = 'No phone system answers at this address. Check the server address.';
    expect(await said(phone, text, at, 5000)).toBeLessThan(5000);
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('the PBX stops: unreachable said and Call disabled; it starts again: registered within 10 s', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const ports = { httpPort: pbx.ports.http, sipPort: pbx.ports.sip };
    await pbx.stop();
    await phone.page.getByRole('status').filter({ hasText: 'cannot be reached' }).waitFor();
    expect(await callButton(phone).isDisabled()).toBe(true);
    await phone.page.getByText('No calls right now.', { exact: false }).waitFor();
    // Left down long enough for JsSIP's backoff to reach its longest wait.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    pbx = await startE2ePbx(store, ports);
    const at = Date.now();
    await registered(phone, anna, 10_000);
    expect(Date.now() - at).toBeLessThan(10_000);
    expect(await callButton(phone).isEnabled()).toBe(true);
  }, 40_000);

  it('the WebSocket closes during a call: the call ends within 10 s with a sentence', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = [await signedIn(anna), await signedIn(boris)];
    await a.dial(boris.sipNumber);
    await b.page.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
    await a.page.getByText('Connected').waitFor({ timeout: 10_000 });
    const [binding] = pbx.bindings.list(anna.sipNumber);
    const at = Date.now();
    (binding!.flow as unknown as { close(): void }).close();
    const text = 'The connection to the phone system was lost.';
    expect(await said(a, text, at, 10_000)).toBeLessThan(10_000);
    await registered(a, anna, 10_000);
  });
});
