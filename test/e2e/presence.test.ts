// Colleagues with live presence (issue 23 item 3): what one employee does on the phone shows
// on a colleague's screen within 1 s, from the PBX's presence-changed events: answering,
// holding, and do-not-disturb.
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

const url = () => `http://127.0.0.1:${pbx.ports.http}/`;
const server = () => `ws://127.0.0.1:${pbx.ports.http}`;

async function employee(name: string) {
  const created = await createEmployee(store.forCompany(companyId), { name }, DOMAIN);
  await pbx.directory.sync();
  return { name, sipNumber: created.sipNumber, password: created.password };
}

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

/** The words beside a colleague's name in the Colleagues tab. */
function presenceOf(phone: Softphone, name: string) {
  return phone.page
    .getByRole('region', { name: 'Colleagues' })
    .getByRole('listitem')
    .filter({ hasText: name })
    .locator('.presence');
}

/** Waits until the colleague's words are `words`; returns how long after `since` that was. */
async function shownWithin(phone: Softphone, name: string, words: string, since: number) {
  await expect
    .poll(() => presenceOf(phone, name).innerText(), { interval: 20, timeout: 5000 })
    .toBe(words);
  return Date.now() - since;
}

describe('colleagues with live presence', () => {
  it('Anna calls Boris: Cleo sees Boris ringing, on a call, on hold, and free again, each within 1 s', async () => {
    const [anna, boris, cleo] = [
      await employee('Anna Ivanova'),
      await employee('Boris Petrov'),
      await employee('Cleo Smirnova'),
    ];
    const [a, b, c] = await Promise.all([signedIn(anna), signedIn(boris), signedIn(cleo)]);
    await c.page.getByRole('tab', { name: 'Colleagues' }).click();
    await shownWithin(c, 'Boris Petrov', 'Free', Date.now());

    await a.dial(boris.sipNumber);
    // From the moment Boris's phone rings (the PBX forked the call to it).
    await b.button('Answer').waitFor({ timeout: 10_000 });
    let since = Date.now();
    expect(await shownWithin(c, 'Boris Petrov', 'Ringing', since)).toBeLessThan(1000);

    since = Date.now();
    await b.button('Answer').click();
    await b.page.getByText('Connected').waitFor({ timeout: 10_000 });
    expect(await shownWithin(c, 'Boris Petrov', 'On a call', since)).toBeLessThan(1000);
    expect(await presenceOf(c, 'Anna Ivanova').innerText()).toBe('On a call');

    since = Date.now();
    await a.button('Hold').click();
    await a.page.getByText('On hold').waitFor({ timeout: 5000 });
    expect(await shownWithin(c, 'Boris Petrov', 'Call on hold', since)).toBeLessThan(1000);
    await a.button('Resume').click();
    await shownWithin(c, 'Boris Petrov', 'On a call', Date.now());

    since = Date.now();
    await a.button('Hang up').click();
    expect(await shownWithin(c, 'Boris Petrov', 'Free', since)).toBeLessThan(1000);
    expect(await presenceOf(c, 'Anna Ivanova').innerText()).toBe('Free');
  });

  it('Boris sets DND: Cleo sees it within 1 s, and it ends when he turns it off or signs out', async () => {
    const [boris, cleo] = [await employee('Boris Orlov'), await employee('Cleo Volkova')];
    const [b, c] = await Promise.all([signedIn(boris), signedIn(cleo)]);
    await c.page.getByRole('tab', { name: 'Colleagues' }).click();
    await shownWithin(c, 'Boris Orlov', 'Free', Date.now());
    await b.button('Settings').click({ timeout: 10_000 });
    const dnd = b.page.getByRole('checkbox', { name: 'Do not disturb on this device' });

    let since = Date.now();
    await dnd.check();
    expect(await shownWithin(c, 'Boris Orlov', 'Do not disturb', since)).toBeLessThan(1000);
    since = Date.now();
    await dnd.uncheck();
    expect(await shownWithin(c, 'Boris Orlov', 'Free', since)).toBeLessThan(1000);

    await dnd.check();
    await shownWithin(c, 'Boris Orlov', 'Do not disturb', Date.now());
    await b.button('Back').click();
    since = Date.now();
    await b.button('Sign out').click();
    expect(await shownWithin(c, 'Boris Orlov', 'Not signed in', since)).toBeLessThan(1000);
  });
});
