import type { Browser, Locator, Page } from 'playwright-core';
import { adminEn } from '../../renderer/i18n/admin.en';
import { adminRu } from '../../renderer/i18n/admin.ru';
import { en } from '../../renderer/i18n/en';
import { ru } from '../../renderer/i18n/ru';
import { Softphone } from './softphone';

export type Language = 'en' | 'ru';
export interface Person {
  name: string;
  sipNumber: string;
  password: string;
}
export interface WalkEnv {
  browser: Browser;
  url: string;
  server: string;
  /** Three employees; the second has two channels (the two-lines screen). */
  people: [Person, Person, Person];
  admin: { email: string; password: string };
}
/** Looks at one screen: `page` shows it, `primary` is what the user came to press. */
export type Visit = (screen: string, page: Page, primary: Locator) => Promise<void>;

/** The UI's words in a language (the same files the app is translated from). */
export const WORDS = { en: { ...en, ...adminEn }, ru: { ...ru, ...adminRu } };
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/{{(\w+)}}/g, (_, key: string) => values[key] ?? '');

/**
 * Brings every screen of the softphone and the Admin tab up once, in one language, and hands
 * each to `visit`: sign-in, idle, My number, settings, outgoing, incoming, in call, transfer,
 * a waiting second call, two lines, and the Admin tab's lists, forms and audit log.
 */
export async function walkScreens(env: WalkEnv, language: Language, visit: Visit) {
  const w = WORDS[language];
  const locale = language === 'ru' ? 'ru-RU' : 'en-US';
  const opened: Softphone[] = [];
  const open = async () => {
    const phone = await Softphone.open(env.browser, env.url, '', { locale });
    opened.push(phone);
    return phone;
  };
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
  const signIn = async (phone: Softphone, person: Person) => {
    const { page } = phone;
    await page.getByRole('textbox', { name: w.signIn.server }).fill(env.server);
    await page.getByRole('textbox', { name: w.signIn.number }).fill(person.sipNumber);
    await page.getByLabel(w.signIn.password, { exact: true }).fill(person.password);
    await button(page, w.signIn.submit).click();
    await page
      .getByRole('status')
      .filter({ hasText: fill(w.status.registered, { number: person.sipNumber }) })
      .waitFor({ timeout: 10_000 });
  };
  const [anna, boris, vera] = env.people;

  try {
    const a = await open();
    await visit('sign-in', a.page, button(a.page, w.signIn.submit));
    await signIn(a, anna);
    await visit('idle', a.page, button(a.page, w.dialer.call));
    await button(a.page, w.myNumber.title).click();
    const card = a.page.getByRole('region', { name: w.myNumber.title });
    await card.getByText(fill(w.myNumber.channels, { channels: '1' })).waitFor();
    await visit('my-number', a.page, button(a.page, w.myNumber.title));
    await button(a.page, w.myNumber.title).click();
    await button(a.page, w.app.settings).click();
    await visit('settings', a.page, button(a.page, w.settings.save));
    await button(a.page, w.app.back).click();

    const [b, c] = await Promise.all([open(), open()]);
    await Promise.all([signIn(b, boris), signIn(c, vera)]);
    await a.page.getByRole('textbox', { name: w.dialer.label }).fill(boris.sipNumber);
    await button(a.page, w.dialer.call).click();
    await button(b.page, w.call.answer).waitFor({ timeout: 10_000 });
    await visit('incoming', b.page, button(b.page, w.call.answer));
    await visit('outgoing', a.page, button(a.page, w.call.cancel));
    await button(b.page, w.call.answer).click();
    await button(b.page, w.call.hangup).waitFor({ timeout: 10_000 });
    await visit('in-call', b.page, button(b.page, w.call.hangup));
    await button(b.page, w.call.transfer).click();
    await button(b.page, w.transfer.now).waitFor();
    await visit('transfer', b.page, button(b.page, w.transfer.now));
    await button(b.page, w.transfer.cancel).click();

    await c.page.getByRole('textbox', { name: w.dialer.label }).fill(boris.sipNumber);
    await button(c.page, w.dialer.call).click();
    await button(b.page, w.call.answer).waitFor({ timeout: 10_000 });
    await visit('waiting', b.page, button(b.page, w.call.answer));
    await button(b.page, w.call.answer).click();
    await b.page
      .getByText(w.call.onHold, { exact: false })
      .or(b.page.getByRole('button', { name: new RegExp(w.lines.state.held) }))
      .first()
      .waitFor({ timeout: 10_000 });
    await visit('two-lines', b.page, button(b.page, w.call.hangup));
    await button(b.page, w.call.hangup).click();
    await button(a.page, w.call.hangup).click({ timeout: 10_000 });

    // Vera calls Anna and gives up: Anna's recent calls show it missed, with a badge.
    await c.page
      .getByRole('textbox', { name: w.dialer.label })
      .fill(anna.sipNumber, { timeout: 10_000 });
    await button(c.page, w.dialer.call).click();
    await button(a.page, w.call.answer).waitFor({ timeout: 10_000 });
    await button(c.page, w.call.cancel).click();
    const recent = a.page.getByRole('tab', { name: fill(w.lists.recentMissed, { missed: '1' }) });
    await recent.click({ timeout: 10_000 });
    const callBack = button(a.page, fill(w.history.redial, { number: vera.sipNumber })).first();
    await callBack.waitFor({ timeout: 10_000 });
    await visit('recent', a.page, callBack);
    await a.page.getByRole('tab', { name: w.lists.colleagues }).click();
    const callBoris = button(a.page, fill(w.colleagues.call, { name: boris.name }));
    await callBoris.waitFor({ timeout: 10_000 });
    await visit('colleagues', a.page, callBoris);

    const d = await open();
    await d.page.getByRole('tab', { name: w.tabs.admin }).click();
    await visit('admin-sign-in', d.page, button(d.page, w.adminSignIn.submit));
    await button(d.page, w.adminSignIn.forgot).click();
    // This PBX sends no mail: the screen says whom to ask instead.
    await d.page.getByText(w.adminRecovery.noMail).waitFor({ timeout: 10_000 });
    await visit('admin-forgot-password', d.page, button(d.page, w.adminRecovery.back));
    await button(d.page, w.adminRecovery.back).click();
    await d.page.getByRole('textbox', { name: w.adminSignIn.server, exact: true }).fill(env.server);
    await d.page.getByRole('textbox', { name: w.adminSignIn.email }).fill(env.admin.email);
    await d.page.getByLabel(w.adminSignIn.password, { exact: true }).fill(env.admin.password);
    await button(d.page, w.adminSignIn.submit).click();
    await button(d.page, anna.name).waitFor({ timeout: 10_000 });
    await visit('admin-employees', d.page, button(d.page, w.employees.new));
    await button(d.page, w.employees.new).click();
    await visit('admin-new-employee', d.page, button(d.page, w.employees.create));
    await d.page.getByRole('textbox', { name: w.employee.name }).fill(LONG_NAME[language]);
    await button(d.page, w.employees.create).click();
    await button(d.page, w.forms.done).click({ timeout: 10_000 });
    await button(d.page, vera.name).click();
    await d.page.getByRole('spinbutton', { name: w.sipNumber.channels }).waitFor();
    await visit('admin-employee', d.page, button(d.page, w.employee.saveDetails));
    await button(d.page, w.admin.section.numbers).click();
    await visit('admin-numbers', d.page, button(d.page, w.numbers.add));
    await button(d.page, w.numbers.add).click();
    await visit('admin-new-number', d.page, button(d.page, w.numbers.addButton));
    await button(d.page, w.admin.section.audit).click();
    await d.page.getByRole('table').waitFor({ timeout: 10_000 });
    await visit('admin-audit', d.page, button(d.page, w.admin.section.audit));
  } finally {
    await Promise.all(opened.map((phone) => phone.close()));
  }
}

/** A long name, the way real ones overflow narrow layouts. */
const LONG_NAME: Record<Language, string> = {
  en: 'Konstantin Konstantinopolsky-Preobrazhensky',
  ru: 'Константин Константинопольский-Преображенский',
};
