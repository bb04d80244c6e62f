import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { Softphone } from './softphone';

const ADMIN = { email: 'admin@e2e.example', password: 'admin-password-123' };
let browser: Browser;
let store: Store;
let pbx: RunningPbx;
let companyId: number;
const phones: Softphone[] = [];

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  companyId = (await store.companies.create({ name: 'E2E' })).id;
  await createAdmin(store.forCompany(companyId), ADMIN);
  pbx = await startE2ePbx(store);
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(phones.map((phone) => phone.close()));
  await browser?.close();
  await pbx?.stop();
  await store?.close();
});

const url = () => `http://127.0.0.1:${pbx.ports.http}/`;
const server = () => `ws://127.0.0.1:${pbx.ports.http}`;

async function open(): Promise<Softphone> {
  const phone = await Softphone.open(browser, url());
  phones.push(phone);
  return phone;
}

async function registered(phone: Softphone, sipNumber: string): Promise<void> {
  await phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${sipNumber}` })
    .waitFor({ timeout: 10_000 });
}

describe('Admin tab end to end', () => {
  it('an admin changes channels and the employee sees it live; a password reset locks the old one out', async () => {
    const anna = await createEmployee(
      store.forCompany(companyId),
      { name: 'Anna Ivanova' },
      DOMAIN,
    );
    await pbx.directory.sync();
    const employee = await open();
    await employee.signIn(server(), anna.sipNumber, anna.password);
    await registered(employee, anna.sipNumber);
    const myNumber = await employee.myNumber();
    await expect.poll(() => myNumber.innerText(), { timeout: 10_000 }).toMatch(/Channels\D*1/);

    const admin = await open();
    await admin.page.getByRole('tab', { name: 'Admin' }).click();
    await admin.page.getByRole('textbox', { name: 'Server', exact: true }).fill(server());
    await admin.page.getByRole('textbox', { name: 'E-mail' }).fill(ADMIN.email);
    await admin.page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await admin.page.getByRole('button', { name: 'Sign in' }).click();
    await admin.page
      .getByRole('button', { name: 'Anna Ivanova', exact: true })
      .click({ timeout: 10_000 });
    await admin.page.getByRole('spinbutton', { name: 'Channels' }).fill('2');
    await admin.page.getByRole('button', { name: 'Save' }).first().click();

    // The employee's card follows without signing in again.
    await expect.poll(() => myNumber.innerText(), { timeout: 10_000 }).toMatch(/Channels\D*2/);
    expect(pbx.directory.sipNumbers.get(anna.sipNumber)?.channels).toBe(2);

    await admin.page.getByRole('button', { name: 'Reset password' }).click();
    await admin.page.getByRole('button', { name: 'Yes, reset' }).click();
    const shown = admin.page.getByLabel('New password');
    await shown.waitFor({ timeout: 10_000 });
    const newPassword = (await shown.inputValue()).trim();
    expect(newPassword.length).toBeGreaterThanOrEqual(12);
    expect(newPassword).not.toBe(anna.password);

    // The old password no longer registers; the new one does.
    const withOld = await open();
    await withOld.signIn(server(), anna.sipNumber, anna.password);
    await withOld.page.getByText('Wrong SIP number or password.').waitFor({ timeout: 10_000 });
    const withNew = await open();
    await withNew.signIn(server(), anna.sipNumber, newPassword);
    await registered(withNew, anna.sipNumber);
  });
});
