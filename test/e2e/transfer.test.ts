import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { Softphone } from './softphone';

let browser: Browser;
let store: Store;
let pbx: RunningPbx;
let companyId: number;
const phones: Softphone[] = [];

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  companyId = (await store.companies.create({ name: 'E2E' })).id;
  pbx = await startE2ePbx(store);
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

type Person = { name: string; sipNumber: string; password: string };

/** An employee whose number has `channels` channels. */
async function employee(name: string, channels = 1): Promise<Person> {
  const created = await createEmployee(store.forCompany(companyId), { name }, DOMAIN);
  await store.forCompany(companyId).sipNumbers.updateSettings(created.sipNumber, { channels });
  await pbx.directory.sync();
  return { name, sipNumber: created.sipNumber, password: created.password };
}

async function signedIn(person: Person): Promise<Softphone> {
  const phone = await Softphone.open(browser, `http://127.0.0.1:${pbx.ports.http}/`);
  phones.push(phone);
  await phone.signIn(`ws://127.0.0.1:${pbx.ports.http}`, person.sipNumber, person.password);
  await phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${person.sipNumber}` })
    .waitFor({ timeout: 10_000 });
  return phone;
}

/** `caller` calls `callee`, who answers: both show the call connected. */
async function connected(caller: Softphone, callee: Softphone, number: string) {
  await caller.dial(number);
  await callee.button('Answer').click({ timeout: 10_000 });
  await caller.page.getByText('Connected').waitFor({ timeout: 10_000 });
  await callee.page.getByText('Connected').waitFor({ timeout: 10_000 });
}

/** Opens Transfer on the shown call, types the number and presses `how`. */
async function transfer(phone: Softphone, number: string, how: 'Transfer now' | 'Consult first') {
  await phone.button('Transfer').click();
  const dialog = phone.page.getByRole('dialog');
  await dialog.getByRole('searchbox', { name: 'Colleague or SIP number' }).fill(number);
  await dialog.getByRole('button', { name: how }).click();
}

/** What the page says, for a failure message. */
const pageText = (phone: Softphone) => phone.page.locator('body').innerText();

/** Waits for `text` on the phone's page; on failure, says what the page showed instead. */
async function shows(phone: Softphone, text: string, timeout = 15_000) {
  await phone.page
    .getByText(text)
    .first()
    .waitFor({ timeout })
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nThe page shows: ${await pageText(phone)}`);
    });
}

describe('transfer end to end', () => {
  it('blind: B calls A, A transfers B to C, C answers; B and C hear each other, A is free', async () => {
    const [anna, boris, cleo] = [
      await employee('Anna Ivanova'),
      await employee('Boris'),
      await employee('Cleo'),
    ];
    const [a, b, c] = await Promise.all([signedIn(anna), signedIn(boris), signedIn(cleo)]);
    await connected(b, a, anna.sipNumber);

    await transfer(a, cleo.sipNumber, 'Transfer now');
    await c.button('Answer').click({ timeout: 15_000 });
    await a.page
      .getByText(`Transferred to ${cleo.name}.`)
      .waitFor({ timeout: 10_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nA shows: ${await pageText(a)}`);
      });
    await c.page.getByText('Connected').waitFor({ timeout: 10_000 });
    // B called A's number; B's directory of colleagues names A.
    await shows(b, `Transferred by ${anna.name}`);
    await b.page.getByText(cleo.sipNumber, { exact: true }).first().waitFor({ timeout: 10_000 });

    const [toB, toC] = await Promise.all([b.energyOver(2000), c.energyOver(2000)]);
    expect(toB.bytes).toBeGreaterThan(1000);
    expect(toC.bytes).toBeGreaterThan(1000);
    expect(toB.energy).toBeGreaterThan(0);
    expect(toC.energy).toBeGreaterThan(0);
    // A's line is free again: the dialer is back, and A can call.
    await a.button('Call').waitFor({ timeout: 10_000 });
    expect(await a.page.getByRole('button', { name: 'Hang up' }).count()).toBe(0);
  });

  it('blind to a target who declines: A is told why and B is back with A, off hold', async () => {
    const [anna, boris, cleo] = [
      await employee('Anna Ivanova'),
      await employee('Boris'),
      await employee('Cleo'),
    ];
    const [a, b, c] = await Promise.all([signedIn(anna), signedIn(boris), signedIn(cleo)]);
    await connected(b, a, anna.sipNumber);

    await transfer(a, cleo.sipNumber, 'Transfer now');
    await c.button('Decline').click({ timeout: 15_000 });
    await a.page
      .getByRole('alert')
      .filter({ hasText: `Could not transfer to ${cleo.name}. The call was declined.` })
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nA shows: ${await pageText(a)}`);
      });
    await a.page.getByText('Connected', { exact: true }).waitFor({ timeout: 5000 });
    await a.page.waitForTimeout(500);
    expect((await b.energyOver(1500)).energy).toBeGreaterThan(0);
    expect((await a.energyOver(1500)).energy).toBeGreaterThan(0);
  });

  it('blind to a target whose one line is taken: A sees busy, B is back with A', async () => {
    const [anna, boris, cleo, dora] = [
      await employee('Anna'),
      await employee('Boris'),
      await employee('Cleo'),
      await employee('Dora'),
    ];
    const [a, b, c, d] = await Promise.all([
      signedIn(anna),
      signedIn(boris),
      signedIn(cleo),
      signedIn(dora),
    ]);
    await connected(d, c, cleo.sipNumber);
    await connected(b, a, anna.sipNumber);

    await transfer(a, cleo.sipNumber, 'Transfer now');
    await shows(a, `Could not transfer to ${cleo.name}. The line is busy.`);
    await a.page.getByText('Connected', { exact: true }).waitFor({ timeout: 5000 });
    await a.page.waitForTimeout(500);
    expect((await b.energyOver(1500)).energy).toBeGreaterThan(0);
  });

  it('attended: A consults C on line 2 and completes; B and C are connected', async () => {
    const anna = await employee('Anna Ivanova', 2);
    const [boris, cleo] = [await employee('Boris'), await employee('Cleo')];
    const [a, b, c] = await Promise.all([signedIn(anna), signedIn(boris), signedIn(cleo)]);
    await connected(b, a, anna.sipNumber);

    await transfer(a, cleo.sipNumber, 'Consult first');
    await c.button('Answer').click({ timeout: 15_000 });
    const complete = a.button('Complete transfer');
    await expect.poll(() => complete.isEnabled(), { timeout: 10_000 }).toBe(true);
    await complete.click();
    await shows(b, `Transferred by ${anna.name}`);
    // C was called by A, whose name the PBX gave.
    await shows(c, `Transferred by ${anna.name}`);
    await b.page.getByText(cleo.sipNumber, { exact: true }).first().waitFor({ timeout: 10_000 });
    await c.page.getByText(boris.sipNumber, { exact: true }).first().waitFor({ timeout: 10_000 });
    await a.button('Call').waitFor({ timeout: 15_000 });
    const [toB, toC] = await Promise.all([b.energyOver(2000), c.energyOver(2000)]);
    expect(toB.energy).toBeGreaterThan(0);
    expect(toC.energy).toBeGreaterThan(0);
  });
});
