import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type SipNumberSettings, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { Softphone, type PageProbes } from './softphone';

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

async function employee(name: string, settings: Partial<SipNumberSettings> = {}) {
  const created = await createEmployee(store.forCompany(companyId), { name }, DOMAIN);
  await store.forCompany(companyId).sipNumbers.updateSettings(created.sipNumber, settings);
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

/** The option labels of a settings select. */
const optionsOf = (phone: Softphone, name: string) =>
  phone.page.getByRole('combobox', { name, exact: true }).locator('option').allInnerTexts();

/** What the newest live peer connection sends and offered: microphone label and local SDP. */
const sending = (phone: Softphone) =>
  phone.page.evaluate(() => {
    type Pc = RTCPeerConnection;
    const pcs = (globalThis as unknown as PageProbes).__pcs as unknown as Pc[];
    const pc = [...pcs].reverse().find((p) => p.connectionState !== 'closed');
    const track = pc?.getSenders().find((s) => s.track?.kind === 'audio')?.track;
    return { label: track?.label ?? '', sdp: pc?.localDescription?.sdp ?? '' };
  });

describe('desktop settings end to end', () => {
  it('switches the language; the device lists show Chromium’s fake devices', async () => {
    const phone = await signedIn(await employee('Anna Ivanova'));
    await phone.button('Settings').click();
    const revealNames = phone.button('Show device names');
    if (await revealNames.isVisible()) await revealNames.click();
    await expect
      .poll(() => optionsOf(phone, 'Microphone'), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['System default', 'Fake Audio Input 1']));
    const outputs = await optionsOf(phone, 'Speaker');
    expect(outputs[0]).toBe('System default');
    expect(await optionsOf(phone, 'Ringer')).toEqual(outputs);

    await phone.page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await phone.page.getByRole('heading', { name: 'Звуковые устройства' }).waitFor();
    expect(await optionsOf(phone, 'Микрофон')).toContain('Системное по умолчанию');
    await phone.button('Назад').click();
    await phone.page.getByRole('button', { name: 'Позвонить', exact: true }).waitFor();
    expect(await phone.status()).toContain('Зарегистрирован как');
  });

  it('do not disturb on one device of a multi-terminal number: the other rings and answers', async () => {
    const anna = await employee('Anna Ivanova');
    const boris = await employee('Boris Petrov', { multiTerminal: true });
    const [annaPhone, borisDesk, borisLaptop] = [
      await signedIn(anna),
      await signedIn(boris),
      await signedIn(boris),
    ];
    await borisLaptop.button('Settings').click();
    await borisLaptop.page.getByRole('checkbox', { name: 'Do not disturb on this device' }).check();
    await borisLaptop.button('Back').click();
    expect(await borisLaptop.status()).toContain('Do not disturb');

    await annaPhone.dial(boris.sipNumber);
    await borisDesk.button('Answer').waitFor({ timeout: 10_000 });
    // The laptop declined with 486 at once; the desk keeps ringing for a while longer.
    await borisDesk.page.waitForTimeout(1500);
    expect(await borisLaptop.button('Answer').count()).toBe(0);
    expect(await annaPhone.page.getByText('Ringing…').isVisible()).toBe(true);
    await borisDesk.button('Answer').click();
    await annaPhone.page.getByText('Connected').waitFor({ timeout: 10_000 });
    expect((await annaPhone.energyOver(1500)).bytes).toBeGreaterThan(1000);
    // The laptop kept it in its history as the call it declined.
    const history = borisLaptop.page.getByRole('region', { name: 'Recent calls' });
    await history.getByText('Anna Ivanova').waitFor();
    expect(await history.innerText()).toContain('The call was declined.');
  });

  it('in a call: the quality indicator, and a new microphone without renegotiation', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = [await signedIn(anna), await signedIn(boris)];
    await a.dial(boris.sipNumber);
    await b.button('Answer').click({ timeout: 10_000 });
    await a.page.getByText('Connected').waitFor({ timeout: 10_000 });
    const indicator = a.page.getByRole('button', { name: /^Call quality: (good|fair|poor)$/ });
    await indicator.waitFor({ timeout: 10_000 });
    await indicator.focus();
    await expect
      .poll(() => a.page.getByRole('tooltip').innerText())
      .toMatch(/Estimated MOS: \d\.\d of 5/);

    const before = await sending(a);
    await a.button('Settings').click();
    await expect
      .poll(() => optionsOf(a, 'Microphone'), { timeout: 10_000 })
      .toContain('Fake Audio Input 2');
    await a.page
      .getByRole('combobox', { name: 'Microphone' })
      .selectOption({ label: 'Fake Audio Input 2' });
    await expect.poll(async () => (await sending(a)).label).toBe('Fake Audio Input 2');
    expect((await sending(a)).sdp).toBe(before.sdp);
    expect((await b.energyOver(1500)).energy).toBeGreaterThan(0);
  });
});
