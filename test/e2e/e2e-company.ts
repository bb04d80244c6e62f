import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createAdmin, createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import { openSqliteStore, type SipNumberSettings, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { E2E_DOMAIN, startE2ePbx } from './e2e-pbx';
import { Softphone } from './softphone';

const ADMIN = { email: 'admin@e2e.example', password: 'admin-password-123' };

/** An employee as the tests sign in with them. */
export interface Person {
  id: number;
  sipNumber: string;
  password: string;
}

/**
 * One company on an end-to-end PBX (SQLite in memory) with its admin signed in to the API, and
 * Chromium for its softphones. `pbx` may be replaced (a test that restarts the PBX).
 */
export class E2eCompany {
  private adminToken = '';
  private readonly phones: Softphone[] = [];

  private constructor(
    readonly store: Store,
    readonly companyId: number,
    public pbx: RunningPbx,
    readonly browser: Browser,
  ) {}

  static async start(): Promise<E2eCompany> {
    const store = await openSqliteStore(':memory:');
    const companyId = (await store.companies.create({ name: 'E2E' })).id;
    await createAdmin(store.forCompany(companyId), ADMIN);
    const company = new E2eCompany(
      store,
      companyId,
      await startE2ePbx(store),
      await launchChromium(),
    );
    company.adminToken = (
      (await company.api('POST', '/auth/admin', ADMIN)) as { token: string }
    ).token;
    return company;
  }

  url(): string {
    return `http://127.0.0.1:${this.pbx.ports.http}/`;
  }

  server(): string {
    return `ws://127.0.0.1:${this.pbx.ports.http}`;
  }

  /** The HTTP API as the admin; fails the test unless the answer is 2xx. */
  async api(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url()}api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.adminToken ? { authorization: `Bearer ${this.adminToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.status === 204 ? undefined : response.json();
  }

  /** A new employee (with their SIP number's settings changed from the defaults, if given). */
  async employee(name: string, settings: Partial<SipNumberSettings> = {}): Promise<Person> {
    const repositories = this.store.forCompany(this.companyId);
    const created = await createEmployee(repositories, { name }, E2E_DOMAIN);
    if (Object.keys(settings).length > 0) {
      await repositories.sipNumbers.updateSettings(created.sipNumber, settings);
    }
    await this.pbx.directory.sync();
    return { id: created.employee.id, sipNumber: created.sipNumber, password: created.password };
  }

  /** A softphone in a browser context of its own (with a script run in each page), closed by `closePhones`. */
  async openPhone(initScript = ''): Promise<Softphone> {
    const phone = await Softphone.open(this.browser, this.url(), initScript);
    this.phones.push(phone);
    return phone;
  }

  /** A softphone with `person` signed in (not waiting for the registration). */
  async signIn(person: Person, initScript = ''): Promise<Softphone> {
    const phone = await this.openPhone(initScript);
    await phone.signIn(this.server(), person.sipNumber, person.password);
    return phone;
  }

  /** Waits until the phone says it is registered as `person`. */
  registered(phone: Softphone, person: Person, timeout = 10_000): Promise<void> {
    return phone.page
      .getByRole('status')
      .filter({ hasText: `Registered as ${person.sipNumber}` })
      .waitFor({ timeout });
  }

  async closePhones(): Promise<void> {
    await Promise.all(this.phones.splice(0).map((phone) => phone.close()));
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.pbx.stop();
    await this.store.close();
  }
}

/**
 * The company of a test file: started before its tests, its phones closed after each, stopped
 * after all. Returns a getter (the company exists only once `beforeAll` ran).
 */
export function useE2eCompany(): () => E2eCompany {
  let company: E2eCompany | undefined;
  beforeAll(async () => {
    company = await E2eCompany.start();
  });
  afterAll(async () => {
    await company?.stop();
  });
  afterEach(async () => {
    await company?.closePhones();
  });
  return () => {
    if (!company) throw new Error('the e2e company has not started');
    return company;
  };
}
