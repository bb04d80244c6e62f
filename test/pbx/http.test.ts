import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startTestPbx, type TestPbx } from '../support/pbx';

let pbx: TestPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
});

it('serves the web softphone at / and a health check', async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Softphone</title>');
  pbx = await startTestPbx({ rendererDir });
  const base = `http://127.0.0.1:${pbx.pbx.ports.http}`;
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(await page.text()).toContain('<title>Softphone</title>');
  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
});

it('says how to build the web softphone when it is missing', async () => {
  pbx = await startTestPbx({ rendererDir: join(tmpdir(), 'no-such-renderer') });
  const page = await fetch(`http://127.0.0.1:${pbx.pbx.ports.http}/`);
  expect(await page.text()).toMatch(/npm run build:renderer/);
});
