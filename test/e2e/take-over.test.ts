// Multi-terminal off, the place taken over (SPEC §3 Devices, issue 22 item 7): "Use here
// instead" takes the number from the device holding it, and with "newest device wins" two
// softphones hand the number over without ever dropping each other in a loop.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { freePort, runSipp } from '../support/sipp';
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

async function open(person: Person): Promise<Softphone> {
  const phone = await Softphone.open(browser, url());
  phones.push(phone);
  await phone.signIn(server(), person.sipNumber, person.password);
  return phone;
}

function registered(phone: Softphone, person: Person, timeout = 10_000) {
  return phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${person.sipNumber}` })
    .waitFor({ timeout });
}

const panel = (phone: Softphone) => phone.page.getByRole('region', { name: 'Your number’s place' });
const kinds = (person: Person) => pbx.bindings.list(person.sipNumber).map((b) => b.deviceKind);
const keys = (person: Person) => pbx.bindings.list(person.sipNumber).map((b) => b.key);

describe('"Use here instead"', () => {
  it('takes the number from a SIPp-registered phone, and a call then rings the softphone', async () => {
    const anna = await employee('Anna Ivanova');
    const boris = await employee('Boris Petrov');
    const sippPort = await freePort();
    const sipp = await runSipp({
      scenario: 'register.xml',
      remote: `127.0.0.1:${pbx.ports.sip}`,
      transport: 'u1',
      localPort: sippPort,
      service: anna.sipNumber,
      user: anna.sipNumber,
      password: anna.password,
      keys: { contact_port: String(sippPort) },
    }).done;
    expect(sipp.code, sipp.errors).toBe(0);
    expect(kinds(anna)).toEqual(['third-party']);

    const phone = await open(anna);
    const place = panel(phone);
    await place
      .getByText(
        'Your number is in use on another device: Other device (IP phone or program), SIPp.',
      )
      .waitFor({ timeout: 10_000 });
    await place.getByText(`127.0.0.1:${sippPort}, since`, { exact: false }).waitFor();
    expect(await phone.page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);

    await place.getByRole('button', { name: 'Use here instead' }).click();
    await registered(phone, anna);
    expect(kinds(anna)).toEqual(['softphone-web']);

    const caller = await open(boris);
    await registered(caller, boris);
    await caller.dial(anna.sipNumber);
    await phone.button('Answer').waitFor({ timeout: 10_000 });
  });
});

describe('newest device wins', () => {
  it('the second softphone takes over, the first says so and stays off; taken back, the same', async () => {
    const anna = await employee('Anna Ivanova');
    await api('PATCH', `/admin/employees/${anna.id}/sip-number`, { newestDeviceWins: true });
    const first = await open(anna);
    await registered(first, anna);
    const second = await open(anna);
    await registered(second, anna);

    await panel(first)
      .getByText(/^Now in use on another device: Our softphone \(browser\), JsSIP/)
      .waitFor({ timeout: 5000 });
    expect(await first.status()).toContain('Now in use on another device.');
    // It stays off: over some seconds the PBX holds exactly one device, the second's.
    const secondKeys = keys(anna);
    expect(secondKeys).toHaveLength(1);
    for (let i = 0; i < 5; i++) {
      await first.page.waitForTimeout(1000);
      expect(keys(anna)).toEqual(secondKeys);
    }
    expect(await second.status()).toContain(`Registered as ${anna.sipNumber}`);

    // Taken back from the first: now the second says so and stays off.
    await panel(first).getByRole('button', { name: 'Use here instead' }).click();
    await registered(first, anna);
    await panel(second)
      .getByText(/^Now in use on another device: Our softphone \(browser\), JsSIP/)
      .waitFor({ timeout: 5000 });
    const firstKeys = keys(anna);
    expect(firstKeys).toHaveLength(1);
    expect(firstKeys).not.toEqual(secondKeys);
    for (let i = 0; i < 4; i++) {
      await second.page.waitForTimeout(1000);
      expect(keys(anna)).toEqual(firstKeys);
    }
  });
});
