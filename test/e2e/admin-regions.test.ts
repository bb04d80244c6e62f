import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { WORDS } from './layout-walk';
import { Softphone } from './softphone';

// Issue 22 against the real PBX: region names in both languages, the one region picker, and the
// caller-ID check explained in Russian. SCREENSHOTS=dir keeps pictures of the picker.
const ADMIN = { email: 'admin@e2e.example', password: 'admin-password-123' };
const SHOTS = process.env['SCREENSHOTS'];
let browser: Browser;
let store: Store;
let pbx: RunningPbx;
const ANNA = 'Anna Ivanova';
const phones: Softphone[] = [];

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  const companyId = (await store.companies.create({ name: 'E2E' })).id;
  const company = store.forCompany(companyId);
  await createAdmin(company, ADMIN);
  await createEmployee(company, { name: ANNA }, DOMAIN);
  // No region given: each takes its number's (Moscow, Saint Petersburg)
  for (const [number, isDefault] of [
    ['+74952300000', true],
    ['+78123090000', false],
  ] as const) {
    await company.companyNumbers.create({
      number,
      region: null,
      enabled: true,
      isDefault,
      inboundEmployeeId: null,
    });
  }
  pbx = await startE2ePbx(store);
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(phones.map((phone) => phone.close()));
  await browser?.close();
  await pbx?.stop();
  await store?.close();
});

async function signedInAdmin(language: 'ru' | 'en'): Promise<Page> {
  const w = WORDS[language];
  const phone = await Softphone.open(browser, `http://127.0.0.1:${pbx.ports.http}/`, '', {
    locale: language === 'ru' ? 'ru-RU' : 'en-US',
    viewport: { width: 420, height: 720 },
    timezoneId: 'Asia/Novosibirsk',
  });
  phones.push(phone);
  const { page } = phone;
  await page.getByRole('tab', { name: w.tabs.admin }).click();
  await page
    .getByRole('textbox', { name: w.adminSignIn.server, exact: true })
    .fill(`ws://127.0.0.1:${pbx.ports.http}`);
  await page.getByRole('textbox', { name: w.adminSignIn.email }).fill(ADMIN.email);
  await page.getByLabel(w.adminSignIn.password, { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: w.adminSignIn.submit, exact: true }).click();
  await page.getByRole('button', { name: ANNA, exact: true }).waitFor({ timeout: 10_000 });
  return page;
}

describe('regions in the Admin tab, against the real PBX', () => {
  it('Russian: numbers show their regions; the picker finds a region typed in English; the check explains in Russian', async () => {
    const w = WORDS.ru;
    const page = await signedInAdmin('ru');
    await page.getByRole('button', { name: w.admin.section.numbers, exact: true }).click();
    const spbRow = page.getByRole('row').filter({ hasText: '+78123090000' });
    await expect.poll(() => spbRow.innerText(), { timeout: 10_000 }).toContain('Санкт-Петербург');

    const form = page.getByRole('form', { name: w.regionRules.addCompany });
    const region = form.getByRole('combobox', { name: w.regionRules.region });
    await region.fill('saint pet');
    const option = form.getByRole('option', { name: /^Санкт-Петербург/ });
    await option.waitFor({ timeout: 10_000 });
    await option.scrollIntoViewIfNeeded();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/region-picker-ru.png` });
    await option.click();
    await expect.poll(() => region.inputValue()).toBe('Санкт-Петербург');
    await form.getByRole('textbox', { name: w.regionRules.codes }).fill('812');
    await form.getByRole('button', { name: w.regionRules.addButton, exact: true }).click();
    const rules = page.getByRole('region', { name: w.regionRules.companyTitle });
    await rules
      .getByText('Санкт-Петербург: только номера с кодом 812')
      .waitFor({ timeout: 10_000 });

    await page.getByRole('button', { name: w.admin.section.employees, exact: true }).click();
    await page.getByRole('button', { name: ANNA, exact: true }).click();
    const check = page.getByRole('region', { name: w.callerIdCheck.title });
    await check.getByRole('textbox', { name: w.callerIdCheck.client }).fill('8 812 123-45-67');
    await check.getByRole('button', { name: w.callerIdCheck.check, exact: true }).click();
    await check.getByText('Клиент увидит номер').waitFor({ timeout: 10_000 });
    const text = await check.innerText();
    expect(text).toContain('+7 812 309 00 00');
    expect(text).toContain(
      'Причина: разрешённый номер в регионе клиента «Санкт-Петербург»: номер по умолчанию +7 495 230 00 00 запрещён для региона «Санкт-Петербург»',
    );
    expect(text).toContain('Клиент +7 812 123 45 67, Санкт-Петербург.');
    // No English inside the Russian UI
    expect(text).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('English: the same picker shows English names and finds a region typed in Russian', async () => {
    const w = WORDS.en;
    const page = await signedInAdmin('en');
    await page.getByRole('button', { name: w.admin.section.numbers, exact: true }).click();
    await page.getByRole('button', { name: w.numbers.add, exact: true }).click();
    const form = page.getByRole('form', { name: w.numbers.add });
    const region = form.getByRole('combobox', { name: w.numbers.region });
    await region.fill('ленингр');
    const option = form.getByRole('option', { name: /^Leningrad Oblast/ });
    await option.waitFor({ timeout: 10_000 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/region-picker-en.png` });
    await option.click();
    await form.getByRole('textbox', { name: w.numbers.number }).fill('+79111234567');
    await form.getByRole('button', { name: w.numbers.addButton, exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: '+79111234567' });
    await expect
      .poll(() => row.innerText(), { timeout: 10_000 })
      .toContain('Leningrad Oblast (set by an admin; by the number: Saint Petersburg)');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/region-override-en.png`, fullPage: true });
  });
});
