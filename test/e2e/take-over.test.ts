// Multi-terminal off, the place taken over (SPEC §3 Devices, issue 22 item 7): "Use here
// instead" takes the number from the device holding it, and with "newest device wins" two
// softphones hand the number over without ever dropping each other in a loop.
import { describe, expect, it } from 'vitest';
import { freePort, runSipp } from '../support/sipp';
import { useE2eCompany, type Person } from './e2e-company';
import type { Softphone } from './softphone';

const company = useE2eCompany();

const employee = (name: string) => company().employee(name);
const open = (person: Person) => company().signIn(person);
const registered = (phone: Softphone, person: Person) => company().registered(phone, person);
const panel = (phone: Softphone) => phone.page.getByRole('region', { name: 'Your number’s place' });
const bindings = (person: Person) => company().pbx.bindings.list(person.sipNumber);
const kinds = (person: Person) => bindings(person).map((b) => b.deviceKind);
const keys = (person: Person) => bindings(person).map((b) => b.key);

describe('"Use here instead"', () => {
  it('takes the number from a SIPp-registered phone, and a call then rings the softphone', async () => {
    const anna = await employee('Anna Ivanova');
    const boris = await employee('Boris Petrov');
    const sippPort = await freePort();
    const sipp = await runSipp({
      scenario: 'register.xml',
      remote: `127.0.0.1:${company().pbx.ports.sip}`,
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
    await company().api('PATCH', `/admin/employees/${anna.id}/sip-number`, {
      newestDeviceWins: true,
    });
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
