import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { PbxOptions, RunningPbx } from '../../pbx/server';
import { openSqliteStore, type Store } from '../../pbx/store';
import { launchChromium } from './browser';
import { startE2ePbx } from './e2e-pbx';

export interface E2eEnvironment {
  browser: Browser;
  store: Store;
  pbx: RunningPbx;
  companyId: number;
  /** The web softphone's page. */
  url(): string;
  /** The server address a softphone signs in with. */
  server(): string;
}

/**
 * For one test file: a PBX on an in-memory store with one company, and one Chromium, started
 * before its tests and closed after them. `prepare` runs before the PBX starts; `options`
 * change the PBX's (its SIP domain, say).
 */
export function e2eEnvironment(
  companyName = 'E2E',
  prepare: (env: Pick<E2eEnvironment, 'store' | 'companyId'>) => void | Promise<void> = () => {},
  options: Partial<PbxOptions> = {},
): E2eEnvironment {
  const env = {
    url: () => `http://127.0.0.1:${env.pbx.ports.http}/`,
    server: () => `ws://127.0.0.1:${env.pbx.ports.http}`,
  } as E2eEnvironment;
  beforeAll(async () => {
    env.store = await openSqliteStore(':memory:');
    env.companyId = (await env.store.companies.create({ name: companyName })).id;
    await prepare(env);
    env.pbx = await startE2ePbx(env.store, options);
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.pbx?.stop();
    await env.store?.close();
  });
  return env;
}
