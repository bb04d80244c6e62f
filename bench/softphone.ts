/**
 * Softphone timings in Chromium on loopback (issue 3): page load → registered, dial → INVITE at
 * the PBX, dial → ringing at the callee, answer → first audio bytes; and the renderer's size.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as buildRenderer } from 'vite';
import { DEFAULT_CONFIG } from '../pbx/config';
import { createEmployee } from '../pbx/directory';
import { createLogger } from '../pbx/log';
import { DEFAULT_RENDERER_DIR, startPbx } from '../pbx/server';
import { openSqliteStore } from '../pbx/store';
import { launchChromium } from '../test/e2e/browser';
import { Softphone, type PageProbes } from '../test/e2e/softphone';
import { ROOT } from './config';

export interface SoftphoneFigures {
  runs: number;
  /** Sign in clicked → the status line says registered. */
  registeredMs: number;
  /** Page requested → the sign-in form's Sign in button is on screen (navigation start clock). */
  pageLoadToSignInFormMs: number;
  /** Page requested → registered, the form filled by the script (Playwright's pace). */
  pageLoadToRegisteredMs: number;
  dialToInviteMs: number;
  dialToRingingMs: number;
  answerToAudioMs: number;
  bundleGzipKb: number;
}

/**
 * Page-side clocks: the last click, when an Answer button first appeared, and when the Sign in
 * button first appeared (performance.now(): milliseconds since the page was requested).
 */
const PROBES = `
  document.addEventListener('click', () => { window.__clickAt = Date.now(); }, true);
  new MutationObserver(() => {
    for (const b of document.querySelectorAll('button')) {
      if (!window.__ringingAt && b.textContent === 'Answer') window.__ringingAt = Date.now();
      if (!window.__signInFormAt && b.textContent === 'Sign in') window.__signInFormAt = performance.now();
    }
  }).observe(document, { subtree: true, childList: true });
`;

/** The little of the DOM the probes read, typed here without the DOM library. */
interface PageDocument {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

export function rendererGzipKb(dir = DEFAULT_RENDERER_DIR): number {
  const assets = join(dir, 'assets');
  const bytes = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0);
  return Math.round(bytes / 102.4) / 10;
}

export async function measureSoftphone(runs = 10): Promise<SoftphoneFigures> {
  await buildRenderer({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  const store = await openSqliteStore(':memory:');
  const companyId = (await store.companies.create({ name: 'Bench' })).id;
  let inviteAt = 0;
  const pbx = await startPbx({
    ...DEFAULT_CONFIG,
    domain: 'pbx.bench',
    listenHost: '127.0.0.1',
    httpPort: 0,
    sipPort: 0,
    store,
    logger: createLogger('silent'),
    outboxDir: mkdtempSync(join(tmpdir(), 'bench-outbox-')),
    observeMessage: (message) => {
      if (message.type === 'request' && message.method === 'INVITE' && !inviteAt)
        inviteAt = Date.now();
    },
  });
  const browser = await launchChromium();
  const url = `http://127.0.0.1:${pbx.ports.http}/`;
  const server = `ws://127.0.0.1:${pbx.ports.http}`;
  const samples = {
    load: [] as number[],
    form: [] as number[],
    registered: [] as number[],
    invite: [] as number[],
    ringing: [] as number[],
    audio: [] as number[],
  };
  try {
    for (let run = 0; run < runs; run++) {
      const [anna, boris] = await Promise.all(
        ['Anna', 'Boris'].map((name) =>
          createEmployee(store.forCompany(companyId), { name }, 'pbx.bench'),
        ),
      );
      await pbx.directory.sync();
      const open = async (person: typeof anna) => {
        const loading = Date.now();
        const phone = await Softphone.open(browser, url, PROBES);
        // Both ends on the page's clock: the Sign in click, and the status line's change.
        const registeredAt = phone.page.evaluate(async () => {
          for (;;) {
            const page = globalThis as unknown as PageDocument;
            const status = page.document.querySelector('[role="status"]')?.textContent ?? '';
            if (status.includes('Registered as')) return Date.now();
            await new Promise((r) => setTimeout(r, 1));
          }
        });
        samples.form.push(
          await phone.page
            .waitForFunction(() => (globalThis as unknown as PageProbes).__signInFormAt)
            .then((at) => Math.round(Number(at))),
        );
        await phone.signIn(server, person!.sipNumber, person!.password);
        const at = await registeredAt;
        samples.load.push(Date.now() - loading);
        samples.registered.push(
          at - (await phone.page.evaluate(() => (globalThis as unknown as PageProbes).__clickAt)),
        );
        return phone;
      };
      const a = await open(anna);
      const b = await open(boris);
      inviteAt = 0;
      await a.dial(boris!.sipNumber);
      await b.button('Answer').waitFor({ timeout: 10_000 });
      const clickAt = await a.page.evaluate(() => (globalThis as unknown as PageProbes).__clickAt);
      const ringingAt = await b.page.evaluate(
        () => (globalThis as unknown as PageProbes).__ringingAt,
      );
      samples.invite.push(inviteAt - clickAt);
      samples.ringing.push(ringingAt - clickAt);
      const firstAudio = a.page.evaluate(async () => {
        const pcs = (globalThis as unknown as PageProbes).__pcs;
        for (;;) {
          const pc = pcs.at(-1);
          let bytes = 0;
          (await pc?.getStats())?.forEach((s) => {
            if (s.type === 'inbound-rtp') bytes = Number(s.bytesReceived ?? 0);
          });
          if (bytes > 0) return Date.now();
          await new Promise((r) => setTimeout(r, 2));
        }
      });
      await b.button('Answer').click();
      const answeredAt = await b.page.evaluate(
        () => (globalThis as unknown as PageProbes).__clickAt,
      );
      samples.audio.push((await firstAudio) - answeredAt);
      await a.button('Hang up').click();
      await Promise.all([a.close(), b.close()]);
    }
  } finally {
    await browser.close();
    await pbx.stop();
    await store.close();
  }
  return {
    runs,
    registeredMs: median(samples.registered),
    pageLoadToSignInFormMs: median(samples.form),
    pageLoadToRegisteredMs: median(samples.load),
    dialToInviteMs: median(samples.invite),
    dialToRingingMs: median(samples.ringing),
    answerToAudioMs: median(samples.audio),
    bundleGzipKb: rendererGzipKb(),
  };
}
