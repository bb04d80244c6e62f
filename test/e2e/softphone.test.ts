import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RENDERER_DIR, startPbx, type RunningPbx } from '../../pbx/server';
import { DEFAULT_CONFIG } from '../../pbx/config';
import { createEmployee } from '../../pbx/directory';
import { createLogger } from '../../pbx/log';
import { openSqliteStore, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { Softphone } from './softphone';

const DOMAIN = 'pbx.e2e';
let browser: Browser;
let store: Store;
let pbx: RunningPbx;
let companyId: number;
const phones: Softphone[] = [];

async function startServer(ports = { http: 0, sip: 0 }): Promise<RunningPbx> {
  return startPbx({
    ...DEFAULT_CONFIG,
    domain: DOMAIN,
    listenHost: '127.0.0.1',
    httpPort: ports.http,
    sipPort: ports.sip,
    store,
    rendererDir: DEFAULT_RENDERER_DIR,
    outboxDir: mkdtempSync(join(tmpdir(), 'pbx-outbox-')),
    logger: createLogger(process.env.PBX_TEST_LOG ?? 'silent'),
  });
}

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  companyId = (await store.companies.create({ name: 'E2E' })).id;
  pbx = await startServer();
  browser = await launchChromium();
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

async function employee(name: string) {
  const created = await createEmployee(store.forCompany(companyId), { name }, DOMAIN);
  await pbx.directory.sync();
  return { name, sipNumber: created.sipNumber, password: created.password };
}

/** Opens a softphone, signs in and waits until it says it is registered. */
async function signedIn(person: Awaited<ReturnType<typeof employee>>): Promise<Softphone> {
  const phone = await Softphone.open(browser, url());
  phones.push(phone);
  await phone.signIn(server(), person.sipNumber, person.password);
  await phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${person.sipNumber}` })
    .waitFor({ timeout: 10_000 });
  return phone;
}

/** A calls B, B answers: both show the call connected. */
async function connectedCall(a: Softphone, b: Softphone, callee: string) {
  await a.dial(callee);
  await b.button('Answer').click({ timeout: 10_000 });
  await a.page.getByText('Connected').waitFor({ timeout: 10_000 });
  await b.page.getByText('Connected').waitFor({ timeout: 10_000 });
}

describe('softphone end to end', () => {
  it('signs two employees in: both show registered', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = await Promise.all([signedIn(anna), signedIn(boris)]);
    expect(await a.status()).toContain(`Registered as ${anna.sipNumber}`);
    expect(await b.status()).toContain(`Registered as ${boris.sipNumber}`);
  });

  it('calls by SIP number: the callee sees name and number, answers, audio flows both ways', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = await Promise.all([signedIn(anna), signedIn(boris)]);
    await a.dial(boris.sipNumber);
    // The call screen names her (the live region says so too, for screen readers).
    await b.page.getByText('Anna Ivanova').first().waitFor({ timeout: 10_000 });
    expect(await b.page.getByText(anna.sipNumber).first().isVisible()).toBe(true);
    await b.button('Answer').click();
    await a.page.getByText('Connected').waitFor({ timeout: 10_000 });
    await b.page.getByText('Connected').waitFor({ timeout: 10_000 });
    const [toA, toB] = await Promise.all([a.energyOver(2000), b.energyOver(2000)]);
    expect(toA.bytes).toBeGreaterThan(1000);
    expect(toB.bytes).toBeGreaterThan(1000);
    await a.button('Hang up').click();
    await b.page.getByText('The other side hung up.').waitFor({ timeout: 10_000 });
  });

  it('mute and hold silence the audio the other side hears; unmute and resume restore it', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = await Promise.all([signedIn(anna), signedIn(boris)]);
    await connectedCall(a, b, boris.sipNumber);
    const speaking = await b.energyOver(1500);
    expect(speaking.energy).toBeGreaterThan(0);

    await a.button('Mute').click();
    await a.page.waitForTimeout(300);
    expect((await b.energyOver(1500)).energy).toBeLessThan(speaking.energy * 0.05);
    await a.button('Unmute').click();
    await a.page.waitForTimeout(300);
    expect((await b.energyOver(1500)).energy).toBeGreaterThan(speaking.energy * 0.3);

    await a.button('Hold').click();
    await a.page.getByText('On hold').waitFor({ timeout: 5000 });
    await a.page.waitForTimeout(300);
    expect((await b.energyOver(1500)).energy).toBeLessThan(speaking.energy * 0.05);
    await a.button('Resume').click();
    await a.page.getByText('Connected').waitFor({ timeout: 5000 });
    await a.page.waitForTimeout(500);
    expect((await b.energyOver(1500)).energy).toBeGreaterThan(speaking.energy * 0.3);
  });

  it('sends DTMF: SIP INFO reaches the other softphone; RFC 4733 tones leave the sender', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = await Promise.all([signedIn(anna), signedIn(boris)]);
    await a.chooseDtmf('As SIP INFO messages');
    await connectedCall(a, b, boris.sipNumber);
    await a.pressTones('1#');
    await b.page.getByLabel('Tones').filter({ hasText: '1#' }).waitFor({ timeout: 5000 });
    expect(await a.tonesSent()).toBe('');

    await a.button('Hang up').click();
    await a.chooseDtmf('In the audio (RFC 4733)');
    await connectedCall(a, b, boris.sipNumber);
    await a.pressTones('5');
    await expect.poll(() => a.tonesSent(), { timeout: 5000 }).toBe('5');
  });

  it('shows the caller that the callee declined', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = await Promise.all([signedIn(anna), signedIn(boris)]);
    await a.dial(boris.sipNumber);
    await b.button('Decline').click({ timeout: 10_000 });
    await a.page.getByText('The call was declined.').waitFor({ timeout: 10_000 });
  });

  it('says in words that the password is wrong', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await Softphone.open(browser, url());
    phones.push(phone);
    await phone.signIn(server(), anna.sipNumber, 'not-the-password');
    await phone.page.getByText('Wrong SIP number or password.').waitFor({ timeout: 10_000 });
  });

  it('re-registers on its own after the PBX restarts, and calls again', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = await Promise.all([signedIn(anna), signedIn(boris)]);
    const ports = { http: pbx.ports.http, sip: pbx.ports.sip };
    await pbx.stop();
    await a.page
      .getByText(/cannot be reached/)
      .first()
      .waitFor({ timeout: 10_000 });
    pbx = await startServer(ports);
    const registered = (phone: Softphone, number: string) =>
      phone.page
        .getByRole('status')
        .filter({ hasText: `Registered as ${number}` })
        .waitFor({ timeout: 10_000 });
    await Promise.all([registered(a, anna.sipNumber), registered(b, boris.sipNumber)]);
    await connectedCall(a, b, boris.sipNumber);
  });
});
