// Staying signed in where it is safe (issue 23 item 6): the web softphone keeps its sign-in
// across a reload with a device credential the PBX issued, never the password, and loses it
// when the PBX revokes it.
import { describe, expect, it } from 'vitest';
import { useE2eCompany, type Person } from './e2e-company';
import type { Softphone } from './softphone';

const KEY = 'softphone.device-credential';
const company = useE2eCompany();

const passwordField = (phone: Softphone) => phone.page.getByLabel('Password', { exact: true });

/** Everything the page keeps in localStorage, as one string. */
const kept = (phone: Softphone) => phone.page.evaluate(() => JSON.stringify({ ...localStorage }));

/** Signs in with the password and waits until the PBX's device credential is kept. */
async function signedInAndKept(person: Person): Promise<Softphone> {
  const phone = await company().signIn(person);
  await company().registered(phone, person);
  await phone.page.waitForFunction((key) => localStorage.getItem(key) !== null, KEY);
  return phone;
}

/** Reloads and waits until registered again, with the device credential. */
async function reloadedAndRegistered(phone: Softphone, person: Person) {
  await phone.page.reload();
  await company().registered(phone, person);
  expect(await passwordField(phone).isVisible()).toBe(false);
  const [binding] = company().pbx.bindings.list(person.sipNumber);
  expect(binding?.credential).toMatch(new RegExp(`^${person.sipNumber}\\.[0-9a-f]{20}$`));
}

const credentialsAtPbx = (person: Person) =>
  company().store.forCompany(company().companyId).deviceCredentials.listByNumber(person.sipNumber);

describe('the web softphone across a reload', () => {
  it('stays registered without the password form, and keeps no password', async () => {
    const anna = await company().employee('Anna Ivanova');
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
    const anna = await company().employee('Anna Ivanova');
    const phone = await signedInAndKept(anna);
    await reloadedAndRegistered(phone, anna);
    await company().api('POST', `/admin/employees/${anna.id}/password`, { sendEmail: false });
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
    const anna = await company().employee('Anna Ivanova');
    const phone = await signedInAndKept(anna);
    await reloadedAndRegistered(phone, anna);
    const [device] = (await company().api('GET', `/admin/employees/${anna.id}/devices`)) as {
      id: string;
    }[];
    await company().api('DELETE', `/admin/employees/${anna.id}/devices/${device!.id}`);
    await phone.page
      .getByText('This browser is no longer signed in', { exact: false })
      .waitFor({ timeout: 10_000 });
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 2000 });
    expect(company().pbx.bindings.list(anna.sipNumber)).toEqual([]);
  });

  it('Sign out forgets it and revokes it at the PBX', async () => {
    const anna = await company().employee('Anna Ivanova');
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
