import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { RawSipClient } from '../support/raw-sip-client';
import { respond } from '../support/sip-peer';
import { freePort } from '../support/sipp';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { Softphone } from './softphone';

const SPB = '+78123090000';
const MSK = '+74952300000';
let browser: Browser;
let store: Store;
let pbx: RunningPbx;
let carrier: RawSipClient;
let phone: Softphone | undefined;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  const companyId = (await store.companies.create({ name: 'E2E' })).id;
  for (const [number, region, isDefault] of [
    [SPB, 'Санкт-Петербург', true],
    [MSK, 'Москва', false],
  ] as const) {
    await store.forCompany(companyId).companyNumbers.create({
      number,
      region,
      enabled: true,
      isDefault,
      inboundEmployeeId: null,
    });
  }
  const trunkPort = await freePort();
  pbx = await startE2ePbx(store, {
    trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
  });
  carrier = await RawSipClient.connect('udp', pbx.ports.sip, trunkPort);
  browser = await launchChromium();
});

afterAll(async () => {
  await phone?.close();
  carrier?.close();
  await browser?.close();
  await pbx?.stop();
  await store?.close();
});

describe('caller ID end to end', () => {
  it('the employee picks a company number and the carrier’s INVITE carries it', async () => {
    const companyId = (await store.companies.list())[0]!.id;
    const anna = await createEmployee(
      store.forCompany(companyId),
      { name: 'Anna Ivanova' },
      DOMAIN,
    );
    await store
      .forCompany(companyId)
      .sipNumbers.updateSettings(anna.sipNumber, { employeeMayChooseCallerId: true });
    await pbx.directory.sync();
    phone = await Softphone.open(browser, `http://127.0.0.1:${pbx.ports.http}/`);
    await phone.signIn(`ws://127.0.0.1:${pbx.ports.http}`, anna.sipNumber, anna.password);
    const picker = phone.page.getByRole('combobox', { name: 'Outgoing caller ID' }).first();
    await picker.waitFor({ timeout: 10_000 });
    await picker.selectOption({ value: MSK });
    await expect
      .poll(async () => (await store.sipNumbers.get(anna.sipNumber))?.chosenCallerId, {
        timeout: 10_000,
      })
      .toBe(MSK);

    await phone.dial('8 812 765-43-21');
    const invite = await carrier
      .waitForRequest((r) => r.method === 'INVITE', 10_000)
      .catch(async (error: unknown) => {
        throw new Error(
          `${String(error)}; the page says: ${await phone!.page.locator('main').innerText()}`.slice(
            -1500,
          ),
        );
      });
    expect(invite.uri.user).toBe('+78127654321');
    expect(invite.headers.get('from')).toContain(`sip:${MSK}@`);
    expect(invite.headers.get('p-asserted-identity')).toContain(`sip:${MSK}@`);
    respond(carrier, invite, 180);
    await phone.page.getByText(/The client sees \+7 495 230.00.00/).waitFor({ timeout: 10_000 });
    respond(carrier, invite, 486);
  });

  it('112 dialled with the only line taken (the other party on hold) reaches the carrier', async () => {
    const company = store.forCompany((await store.companies.list())[0]!.id);
    const vera = await createEmployee(company, { name: 'Vera Sidorova' }, DOMAIN);
    const gleb = await createEmployee(company, { name: 'Gleb Orlov' }, DOMAIN);
    await pbx.directory.sync();
    const server = `ws://127.0.0.1:${pbx.ports.http}`;
    const url = `http://127.0.0.1:${pbx.ports.http}/`;
    const veraPhone = await Softphone.open(browser, url);
    const glebPhone = await Softphone.open(browser, url);
    try {
      await veraPhone.signIn(server, vera.sipNumber, vera.password);
      await glebPhone.signIn(server, gleb.sipNumber, gleb.password);
      await veraPhone.dial(gleb.sipNumber);
      await glebPhone.button('Answer').click({ timeout: 15_000 });
      await veraPhone.page.getByText('Connected').waitFor({ timeout: 10_000 });

      await veraPhone.button('New call').click();
      const call = veraPhone.page.getByRole('button', { name: 'Call', exact: true });
      await veraPhone.page.getByRole('textbox', { name: 'Number to call' }).fill('112');
      await veraPhone.page
        .getByText('Every line is busy, but emergency numbers always go out')
        .waitFor({ timeout: 5_000 });
      await call.click();
      const invite = await carrier.waitForRequest(
        (r) => r.method === 'INVITE' && r.uri.user === '112',
        10_000,
      );
      expect(invite.headers.get('from')).toContain(`sip:${SPB}@`);
      await glebPhone.page.getByText(/On hold by/).waitFor({ timeout: 10_000 });
      respond(carrier, invite, 486);
    } finally {
      await veraPhone.close();
      await glebPhone.close();
    }
  });
});
