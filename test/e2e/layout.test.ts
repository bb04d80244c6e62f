import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAdmin, createEmployee } from '../../pbx/directory';
import { E2E_DOMAIN } from './e2e-pbx';
import { e2eEnvironment } from './environment';
import { walkScreens, type Language, type Person } from './layout-walk';

/** Where the screenshots go for a reviewer (git-ignored). */
const SHOTS = 'test-results/layout';
/** The desktop window's own size, a small phone-sized window, and a full browser. */
const VIEWPORTS = [
  { width: 420, height: 720 },
  { width: 360, height: 640 },
  { width: 1280, height: 800 },
];
const ADMIN = { email: 'admin@e2e.example', password: 'admin-password-123' };

let people: [Person, Person, Person];

const env = e2eEnvironment(
  'ООО «Северо-Западная торговая компания»',
  async ({ store, companyId }) => {
    mkdirSync(SHOTS, { recursive: true });
    const company = store.forCompany(companyId);
    await createAdmin(company, ADMIN);
    const employee = async (name: string) => {
      const email = `${name.toLowerCase().replace(' ', '.')}@north-west-trading.example.com`;
      const created = await createEmployee(company, { name, email }, E2E_DOMAIN);
      return { name, sipNumber: created.sipNumber, password: created.password };
    };
    people = [
      await employee('Anna Ivanova'),
      await employee('Boris Petrov'),
      await employee('Vera Konstantinova'),
    ];
    await company.sipNumbers.updateSettings(people[1].sipNumber, { channels: 2 });
  },
);

/**
 * What sticks out sideways: the document or any element that scrolls being wider than its box,
 * and any element drawn past the viewport's edges (content cut off by an `overflow: hidden`
 * ancestor counts too).
 */
function overflowIn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
        el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''
      } "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      found.push(`document ${root.scrollWidth} > ${root.clientWidth}`);
    }
    const width = root.clientWidth;
    const outside = new Set<Element>();
    for (const el of document.body.querySelectorAll('*')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      if (/auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth) {
        found.push(`${name(el)} scrolls: ${el.scrollWidth} > ${el.clientWidth}`);
      }
      const box = el.getBoundingClientRect();
      const clipped = box.width <= 1 && box.height <= 1; // visually hidden
      if (!clipped && (box.right > width + 0.5 || box.left < -0.5)) outside.add(el);
    }
    // The innermost elements that stick out name the culprit; their ancestors only follow.
    for (const el of outside) {
      if ([...el.children].some((child) => outside.has(child))) continue;
      const box = el.getBoundingClientRect();
      found.push(`${name(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} of ${width}`);
    }
    return found;
  });
}

/** Whether `primary` is shown whole inside the viewport, as the screen is first seen. */
async function primaryInView(page: Page, primary: Locator): Promise<string | undefined> {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    const focused = document.activeElement;
    if (focused && focused !== document.body) focused.scrollIntoView({ block: 'nearest' });
  });
  const box = await primary.boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return 'not shown';
  const inside =
    box.x >= 0 &&
    box.y >= 0 &&
    box.x + box.width <= size.width &&
    box.y + box.height <= size.height;
  return inside
    ? undefined
    : `at ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}`;
}

describe('the layout fits from 360 px to a full browser, in Russian and English', () => {
  const screens = new Set<string>();

  it.each(['en', 'ru'] as Language[])('every screen in %s', async (language) => {
    const problems: string[] = [];
    const walk = {
      browser: env.browser,
      url: env.url(),
      server: env.server(),
      people,
      admin: ADMIN,
    };
    await walkScreens(walk, language, async (screen, page, primary) => {
      screens.add(screen);
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        await page.evaluate(() => new Promise(requestAnimationFrame));
        const where = `${screen} ${viewport.width}×${viewport.height} ${language}`;
        for (const overflow of await overflowIn(page)) problems.push(`${where}: ${overflow}`);
        const outside = await primaryInView(page, primary);
        if (outside) problems.push(`${where}: the primary action is not in view (${outside})`);
        await page.screenshot({
          path: `${SHOTS}/${screen}-${viewport.width}x${viewport.height}-${language}.png`,
        });
      }
      await page.setViewportSize(VIEWPORTS[0]!);
    });
    expect(problems).toEqual([]);
  });

  it('looked at every screen the issue names', () => {
    expect([...screens].sort()).toEqual(
      [
        ...['sign-in', 'idle', 'my-number', 'settings', 'outgoing', 'incoming', 'in-call'],
        ...['recent', 'colleagues'],
        ...['transfer', 'waiting', 'two-lines', 'admin-sign-in', 'admin-employees'],
        'admin-forgot-password',
        ...['admin-new-employee', 'admin-employee', 'admin-numbers', 'admin-new-number'],
        'admin-audit',
      ].sort(),
    );
  });
});
