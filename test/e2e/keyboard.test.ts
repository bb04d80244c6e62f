import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../../pbx/directory';
import { E2E_DOMAIN } from './e2e-pbx';
import { e2eEnvironment } from './environment';
import { Softphone } from './softphone';

const env = e2eEnvironment();
const phones: Softphone[] = [];

afterAll(() => Promise.all(phones.map((phone) => phone.close())));

async function signedIn(name: string) {
  const created = await createEmployee(env.store.forCompany(env.companyId), { name }, E2E_DOMAIN);
  const phone = await Softphone.open(env.browser, env.url(), '', {
    viewport: { width: 420, height: 720 },
  });
  phones.push(phone);
  await phone.signIn(env.server(), created.sipNumber, created.password);
  await phone.page
    .getByRole('status')
    .filter({ hasText: `Registered as ${created.sipNumber}` })
    .waitFor({ timeout: 10_000 });
  return { phone, sipNumber: created.sipNumber };
}

/** What has the focus: its accessible text and where it is drawn. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const box = el?.getBoundingClientRect();
    return {
      page: !el || el === document.body,
      name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
      top: Math.round(box?.top ?? 0),
      left: Math.round(box?.left ?? 0),
    };
  });

describe('the keyboard only', () => {
  it('Tab goes through the phone in the order it is drawn', async () => {
    const { phone } = await signedIn('Vera Konstantinova');
    // A click on the empty margin: Tab starts from the top, as in a window just opened.
    await phone.page.mouse.click(2, 2);
    const stops: Awaited<ReturnType<typeof focused>>[] = [];
    // Until the focus leaves the page after its last control.
    for (let i = 0; i < 30; i++) {
      await phone.page.keyboard.press('Tab');
      const stop = await focused(phone.page);
      if (stop.page) break;
      stops.push(stop);
    }
    expect(stops.at(-1)?.name).toBe('Call');
    expect(stops.map((s) => s.name).slice(0, 7)).toEqual([
      'Phone',
      'My number',
      'Settings',
      'Sign out',
      'Keypad',
      'Number to call',
      '1',
    ]);
    for (const [previous, next] of stops.slice(0, -1).map((s, i) => [s, stops[i + 1]!])) {
      const sameRow = Math.abs(next.top - previous.top) < 8;
      const inOrder = sameRow ? next.left > previous.left : next.top > previous.top;
      expect(inOrder, `${previous.name} → ${next.name}`).toBe(true);
    }
  });

  it('call, answer, tones and hang-up, each by a key', async () => {
    const [anna, boris] = await Promise.all([signedIn('Anna Ivanova'), signedIn('Boris Petrov')]);
    const [a, b] = [anna.phone, boris.phone];
    // Anna types the number where the focus is (the number field) and presses Enter.
    await a.page.keyboard.type(boris.sipNumber);
    await a.page.keyboard.press('Enter');

    // Boris is told who calls, Answer has the focus, and Enter answers.
    const live = b.page.locator('[aria-live="assertive"]');
    await live.filter({ hasText: 'Incoming call from Anna Ivanova' }).waitFor({ timeout: 10_000 });
    await expect.poll(() => focused(b.page).then((f) => f.name)).toBe('Answer');
    await b.page.keyboard.press('Enter');
    await a.page.getByText('Connected').waitFor({ timeout: 10_000 });
    await b.page.getByText('Connected').waitFor({ timeout: 10_000 });

    // Digits typed during the call leave as tones (RFC 4733), at a person's pace (JsSIP hands
    // a tone still queued back to insertDTMF with the next one).
    await a.page.keyboard.type('5#', { delay: 400 });
    await expect.poll(() => a.tonesSent(), { timeout: 5000 }).toBe('5#');
    expect(await a.page.getByLabel('Tones').innerText()).toBe('5#');

    // Escape hangs up; the other side hears that.
    await a.page.keyboard.press('Escape');
    await b.page.getByText('The other side hung up.').waitFor({ timeout: 10_000 });

    // Escape declines the next call ringing at Boris.
    await a.page.getByRole('textbox', { name: 'Number to call' }).waitFor();
    await a.page.keyboard.type(boris.sipNumber);
    await a.page.keyboard.press('Enter');
    await b.button('Answer').waitFor({ timeout: 10_000 });
    await b.page.keyboard.press('Escape');
    await a.page.getByText('The call was declined.').waitFor({ timeout: 10_000 });
  });
});
