// Staying signed in where it is safe (issue 23 item 6): the web softphone keeps its sign-in
// across a reload with a device credential the PBX issued, never the password, and loses it
// when the PBX revokes it.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { Softphone } from './softphone';

const ADMIN = { email: 'admin@e2e.example', password: 'admin-password-123' };
const KEY = 'softphone.device-credential';
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

const registered = (phone: Softphone, person: Person, timeout = 10_000) =>
  phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${person.sipNumber}` })
    .waitFor({ timeout });

const passwordField = (phone: Softphone) => phone.page.getByLabel('Password', { exact: true });

/** Everything the page keeps in localStorage, as one string. */
const kept = (phone: Softphone) => phone.page.evaluate(() => JSON.stringify({ ...localStorage }));

/** Signs in with the password and waits until the PBX's device credential is kept. */
async function signedInAndKept(person: Person): Promise<Softphone> {
  const phone = await Softphone.open(browser, url());
  phones.push(phone);
  await phone.signIn(`ws://127.0.0.1:${pbx.ports.http}`, person.sipNumber, person.password);
  await registered(phone, person);
  await phone.page.waitForFunction((key) => localStorage.getItem(key) !== null, KEY);
  return phone;
}

/** Reloads and waits until registered again, with the device credential. */
async function reloadedAndRegistered(phone: Softphone, person: Person) {
  await phone.page.reload();
  await registered(phone, person);
  expect(await passwordField(phone).isVisible()).toBe(false);
  const [binding] = pbx.bindings.list(person.sipNumber);
  expect(binding?.credential).toMatch(new RegExp(`^${person.sipNumber}\\.[0-9a-f]{20}$`));
}

const credentialsAtPbx = (person: Person) =>
  store.forCompany(companyId).deviceCredentials.listByNumber(person.sipNumber);

describe('the web softphone across a reload', () => {
  it('stays registered without the password form, and keeps no password', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedInAndKept(anna);
    expect(await kept(phone)).not.toContain(anna.password);
    await reloadedAndRegistered(phone, anna);
    expect(await kept(phone)).not.toContain(anna.password);
    // The API session came back too (with the device credential): My number reads the number.
    await expect
      .poll(async () => (await phone.myNumber()).innerText(), { timeout: 5000 })
      .toContain('Channels: 1');
  });

  it('the admin resets the password: the page says so, goes to sign-in and forgets it', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedInAndKept(anna);
    await reloadedAndRegistered(phone, anna);
    await api('POST', `/admin/employees/${anna.id}/password`, { sendEmail: false });
    await phone.page.getByText('Your password was changed: sign in again.').waitFor({
      timeout: 2000,
    });
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 2000 });
    await expect.poll(() => kept(phone)).not.toContain(KEY);
    expect(await credentialsAtPbx(anna)).toEqual([]);
    await phone.page.reload();
    await passwordField(phone).waitFor({ timeout: 5000 });
  });

  it('the device is dropped after a reload: back to sign-in with a sentence', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedInAndKept(anna);
    await reloadedAndRegistered(phone, anna);
    const [device] = (await api('GET', `/admin/employees/${anna.id}/devices`)) as { id: string }[];
    await api('DELETE', `/admin/employees/${anna.id}/devices/${device!.id}`);
    await phone.page
      .getByText('This browser is no longer signed in', { exact: false })
      .waitFor({ timeout: 10_000 });
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 2000 });
    expect(pbx.bindings.list(anna.sipNumber)).toEqual([]);
  });

  it('Sign out forgets it and revokes it at the PBX', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedInAndKept(anna);
    await reloadedAndRegistered(phone, anna);
    await phone.button('Sign out').click();
    await passwordField(phone).waitFor({ timeout: 5000 });
    await expect.poll(() => credentialsAtPbx(anna)).toEqual([]);
    expect(await kept(phone)).not.toContain(KEY);
    await phone.page.reload();
    await passwordField(phone).waitFor({ timeout: 5000 });
  });
});
