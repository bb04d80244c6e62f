// The status never lies (issue 23 items 1 and 7): what the PBX does to a signed-in softphone
// (drops it, goes away, comes back, loses its connection mid-call) is said on screen in time.
import { describe, expect, it } from 'vitest';
import { closedPort } from '../support/ports';
import { useE2eCompany, type Person } from './e2e-company';
import { startE2ePbx } from './e2e-pbx';
import type { Softphone } from './softphone';

const company = useE2eCompany();

const api = (method: string, path: string, body?: unknown) => company().api(method, path, body);
const employee = (name: string) => company().employee(name);
const registered = (phone: Softphone, person: Person, timeout?: number) =>
  company().registered(phone, person, timeout);

async function signedIn(person: Person): Promise<Softphone> {
  const phone = await company().signIn(person);
  await registered(phone, person);
  return phone;
}

/** Waits for a sentence and returns how long it took from `since`. */
async function said(phone: Softphone, text: string | RegExp, since: number, timeout: number) {
  await phone.page.getByText(text).first().waitFor({ timeout });
  return Date.now() - since;
}

const callButton = (phone: Softphone) =>
  phone.page.getByRole('button', { name: 'Call', exact: true });

describe('the PBX drops a signed-in softphone: it says why within 2 s', () => {
  it('the admin disables the number: said, Call disabled; enabled again: registered again', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const at = Date.now();
    await api('PATCH', `/admin/employees/${anna.id}/sip-number`, { enabled: false });
    expect(await said(phone, 'Your admin disabled this number.', at, 2000)).toBeLessThan(2000);
    expect(await callButton(phone).isDisabled()).toBe(true);
    expect(company().pbx.bindings.list(anna.sipNumber)).toHaveLength(0);
    await api('PATCH', `/admin/employees/${anna.id}/sip-number`, { enabled: true });
    await registered(phone, anna, 10_000);
    expect(await callButton(phone).isEnabled()).toBe(true);
  });

  it('the admin resets the password: said, and back to sign-in', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const at = Date.now();
    await api('POST', `/admin/employees/${anna.id}/password`, { sendEmail: false });
    const text = 'Your password was changed: sign in again.';
    expect(await said(phone, text, at, 2000)).toBeLessThan(2000);
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 2000 });
  });

  it('the admin removes the device: said, and it signs in again by itself', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const [device] = (await api('GET', `/admin/employees/${anna.id}/devices`)) as { id: string }[];
    const at = Date.now();
    await api('DELETE', `/admin/employees/${anna.id}/devices/${device!.id}`);
    const text = 'This device was removed from your number.';
    expect(await said(phone, text, at, 2000)).toBeLessThan(2000);
    await registered(phone, anna, 10_000);
    await phone.page.getByText('The phone signed in again by itself.').waitFor();
    expect(company().pbx.bindings.list(anna.sipNumber)).toHaveLength(1);
  });
});

describe('outages', () => {
  it('a wrong server address is said within 5 s, on the sign-in form', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await company().openPhone();
    const at = Date.now();
    await phone.signIn(`ws://127.0.0.1:${await closedPort()}`, anna.sipNumber, anna.password);
    const text = 'No phone system answers at this address. Check the server address.';
    expect(await said(phone, text, at, 5000)).toBeLessThan(5000);
    await phone.page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('the PBX stops: unreachable said and Call disabled; it starts again: registered within 10 s', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const ports = { httpPort: company().pbx.ports.http, sipPort: company().pbx.ports.sip };
    await company().pbx.stop();
    await phone.page.getByRole('status').filter({ hasText: 'cannot be reached' }).waitFor();
    expect(await callButton(phone).isDisabled()).toBe(true);
    await phone.page.getByText('No calls right now.', { exact: false }).waitFor();
    // Left down long enough for JsSIP's backoff to reach its longest wait.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    company().pbx = await startE2ePbx(company().store, ports);
    const at = Date.now();
    await registered(phone, anna, 10_000);
    expect(Date.now() - at).toBeLessThan(10_000);
    expect(await callButton(phone).isEnabled()).toBe(true);
  }, 40_000);

  it('the WebSocket closes during a call: the call ends within 10 s with a sentence', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const [a, b] = [await signedIn(anna), await signedIn(boris)];
    await a.dial(boris.sipNumber);
    await b.page.getByRole('button', { name: 'Answer' }).click({ timeout: 10_000 });
    await a.page.getByText('Connected').waitFor({ timeout: 10_000 });
    const [binding] = company().pbx.bindings.list(anna.sipNumber);
    const at = Date.now();
    (binding!.flow as unknown as { close(): void }).close();
    const text = 'The connection to the phone system was lost.';
    expect(await said(a, text, at, 10_000)).toBeLessThan(10_000);
    await registered(a, anna, 10_000);
  });
});
