import { describe, expect, it } from 'vitest';
import { useE2eCompany, type Person } from './e2e-company';
import type { SipNumberSettings } from '../../pbx/store';
import type { Softphone } from './softphone';

/** Records the sources of the audio clips the page plays (the second-line announcement). */
const RECORD_PLAYS = `
  window.__played = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    if (this.src) window.__played.push(this.src);
    return play.apply(this, args);
  };
`;

const company = useE2eCompany();
const api = (method: string, path: string, body?: unknown) => company().api(method, path, body);
const employee = (name: string, settings?: Partial<SipNumberSettings>) =>
  company().employee(name, settings);

/** Opens a softphone, signs in, waits until registered and its My number card has loaded. */
async function signedIn(person: Person): Promise<Softphone> {
  const phone = await company().signIn(person, RECORD_PLAYS);
  await company().registered(phone, person);
  await (await phone.myNumber()).getByText('Channels').waitFor();
  await phone.button('My number').click();
  return phone;
}

async function connected(caller: Softphone, callee: Softphone, number: string): Promise<void> {
  await caller.dial(number);
  await callee.button('Answer').click({ timeout: 10_000 });
  await caller.page.getByText('Connected').waitFor({ timeout: 10_000 });
}

describe('SIP-number rules end to end', () => {
  it('one employee on two devices: both ring, one answers, the other says so; declining stops both', async () => {
    const a = await employee('Anna Ivanova');
    const b = await employee('Boris Petrov', { multiTerminal: true });
    const [annaPhone, borisDesk, borisLaptop] = [
      await signedIn(a),
      await signedIn(b),
      await signedIn(b),
    ];
    await annaPhone.dial(b.sipNumber);
    await borisDesk.button('Answer').waitFor({ timeout: 10_000 });
    await borisLaptop.button('Answer').waitFor({ timeout: 10_000 });
    await borisDesk.button('Answer').click();
    await borisLaptop.page.getByText('Answered on another device.').waitFor({ timeout: 10_000 });
    await annaPhone.page.getByText('Connected').waitFor({ timeout: 10_000 });
    await annaPhone.button('Hang up').click();
    await borisDesk.page.getByText('The other side hung up.').waitFor({ timeout: 10_000 });

    await annaPhone.dial(b.sipNumber);
    await borisLaptop.button('Decline').click({ timeout: 10_000 });
    await annaPhone.page.getByText('The call was declined.').waitFor({ timeout: 10_000 });
    await expect.poll(() => borisDesk.button('Answer').count(), { timeout: 10_000 }).toBe(0);
  });

  it('channels 2: a second call comes on line 2 with the announcement; answering holds line 1', async () => {
    const a = await employee('Anna Ivanova');
    const b = await employee('Boris Petrov', { channels: 2 });
    const c = await employee('Vera Sidorova');
    const [annaPhone, borisPhone, veraPhone] = [
      await signedIn(a),
      await signedIn(b),
      await signedIn(c),
    ];
    await connected(annaPhone, borisPhone, b.sipNumber);
    expect((await annaPhone.energyOver(1500)).energy).toBeGreaterThan(0);

    await veraPhone.dial(b.sipNumber);
    const notice = borisPhone.page.getByRole('alert', { name: 'Line 2' });
    await notice.waitFor({ timeout: 10_000 });
    await expect(notice.innerText()).resolves.toContain('Vera Sidorova');
    await expect
      .poll(() =>
        borisPhone.page.evaluate(() => (window as unknown as { __played: string[] }).__played),
      )
      .toEqual(expect.arrayContaining([expect.stringMatching(/line-2\.en.*\.wav$/)]));

    await notice.getByRole('button', { name: 'Answer' }).click();
    await veraPhone.page.getByText('Connected').waitFor({ timeout: 10_000 });
    // Line 1 is on hold: Anna hears nothing from Boris, Vera does.
    await expect
      .poll(async () => (await annaPhone.energyOver(1000)).energy, { timeout: 10_000 })
      .toBeLessThan(0.001);
    expect((await veraPhone.energyOver(1500)).energy).toBeGreaterThan(0);

    await borisPhone.page.getByRole('button', { name: /^Line 1 · Anna Ivanova/ }).click();
    await expect
      .poll(async () => (await veraPhone.energyOver(1000)).energy, { timeout: 10_000 })
      .toBeLessThan(0.001);
    await expect
      .poll(async () => (await annaPhone.energyOver(1000)).energy, { timeout: 10_000 })
      .toBeGreaterThan(0);
  });

  it('channels 1: a second caller gets busy', async () => {
    const a = await employee('Anna Ivanova');
    const b = await employee('Boris Petrov');
    const c = await employee('Vera Sidorova');
    const [annaPhone, borisPhone, veraPhone] = [
      await signedIn(a),
      await signedIn(b),
      await signedIn(c),
    ];
    await connected(annaPhone, borisPhone, b.sipNumber);
    await veraPhone.dial(b.sipNumber);
    await veraPhone.page
      .getByText('All lines of the number are busy.')
      .waitFor({ timeout: 10_000 });
    expect(await borisPhone.button('Answer').count()).toBe(0);
  });

  it('the admin disables a number: its softphone says so and callers hear it is disabled', async () => {
    const a = await employee('Anna Ivanova');
    const b = await employee('Boris Petrov');
    const [annaPhone, borisPhone] = [await signedIn(a), await signedIn(b)];
    await api('PATCH', `/admin/employees/${b.id}/sip-number`, { enabled: false });
    await borisPhone.page
      .getByText('Your number has been disabled by your administrator', { exact: false })
      .waitFor({ timeout: 10_000 });
    await annaPhone.dial(b.sipNumber);
    await annaPhone.page.getByText('The number is disabled.').waitFor({ timeout: 10_000 });
  });
});
