/**
 * Page load to the sign-in form, in Chromium over loopback (issue 23, Speed): a PBX serves each
 * built renderer given, a fresh browser context (empty cache) opens it, and the clock stops when
 * the form's "Server address" field is on screen. With several renderers the runs alternate, so
 * a busy machine weighs on each alike. Prints the median per renderer and what its page fetched.
 * Run after `npm run build:renderer`:
 *
 *   npx tsx test/e2e/measure-page-load.ts [runs] [renderer dir …]   (default: out/renderer)
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { DEFAULT_RENDERER_DIR, type RunningPbx } from '../../pbx/server';
import { openSqliteStore } from '../../pbx/store';
import { launchChromium } from './browser';
import { startE2ePbx } from './e2e-pbx';

const runs = Number(process.argv[2] ?? 9);
const dirs = process.argv.slice(3).map((dir) => resolve(dir));
if (dirs.length === 0) dirs.push(DEFAULT_RENDERER_DIR);

interface Fetched {
  path: string;
  bytes: number;
}

interface Load {
  /** Wall time from navigation to the form on screen. */
  ms: number;
  /** The page's main-thread CPU time meanwhile (Chromium's ThreadTime): less swayed by load. */
  cpuMs: number;
  fetched: Fetched[];
}

/** One load in a fresh context: milliseconds to the form, main-thread CPU, what was fetched. */
async function load(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
  };
  const cpuBefore = await threadTime();
  const responses: Promise<Fetched>[] = [];
  page.on('response', (response) =>
    responses.push(
      response
        .body()
        .then((body) => ({ path: response.url().slice(url.length) || '/', bytes: body.length }))
        .catch(() => ({ path: response.url(), bytes: 0 })),
    ),
  );
  const started = performance.now();
  await page.goto(url);
  await page.getByRole('textbox', { name: 'Server address' }).waitFor({ state: 'visible' });
  const ms = performance.now() - started;
  const cpuMs = (await threadTime()) - cpuBefore;
  const fetched = await Promise.all(responses);
  await context.close();
  return { ms, cpuMs, fetched };
}

const median = (values: number[]) =>
  ([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN).toFixed(0);

const store = await openSqliteStore(':memory:');
const servers: RunningPbx[] = [];
const browser = await launchChromium();
try {
  for (const rendererDir of dirs) servers.push(await startE2ePbx(store, { rendererDir }));
  const urls = servers.map((pbx) => `http://127.0.0.1:${pbx.ports.http}/`);
  const times: number[][] = dirs.map(() => []);
  const cpu: number[][] = dirs.map(() => []);
  const fetched: Fetched[][] = dirs.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (const [i, url] of urls.entries()) {
      const result = await load(browser, url);
      times[i]!.push(result.ms);
      cpu[i]!.push(result.cpuMs);
      fetched[i] = result.fetched;
    }
  }
  for (const [i, dir] of dirs.entries()) {
    const total = fetched[i]!.reduce((sum, f) => sum + f.bytes, 0);
    console.log(
      `${dir}: page load to the sign-in form, median ${median(times[i]!)} ms of ${runs}` +
        ` (main-thread CPU ${median(cpu[i]!)} ms)`,
    );
    console.log(`  all: ${times[i]!.map((t) => t.toFixed(0)).join(', ')} ms`);
    console.log(`  fetched ${(total / 1024).toFixed(0)} KB:`);
    for (const f of fetched[i]!) {
      console.log(`    ${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${f.path}`);
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((pbx) => pbx.stop()));
  await store.close();
}
