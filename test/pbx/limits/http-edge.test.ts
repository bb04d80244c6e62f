import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EVENTS_PATH } from '../../../shared/api';
import { startTestPbx, type TestPbx } from '../../support/pbx';
import { closesWithin, connectFrom } from './stream-clients';

let pbx: TestPbx;
let base: string;
let port: number;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Softphone</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'index.js'), 'console.log(1);\n');
  writeFileSync(join(rendererDir, 'assets', 'index.js.map'), '{"sources":["secret.ts"]}');
  pbx = await startTestPbx({
    rendererDir,
    allowedOrigins: ['https://crm.example.com'],
    readTimeoutSeconds: 1,
    apiBodyLimitBytes: 4096,
  });
  port = pbx.pbx.ports.http;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => pbx.stop());

/** The status the PBX answers an upgrade with: 101 (open) or a refusal. */
function upgradeStatus(path: string, origin?: string, protocol?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocol, origin ? { origin } : {});
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('WebSocket origins (issue 20)', () => {
  it('refuses a page of a foreign origin at the upgrade, on the SIP and the events socket', async () => {
    expect(await upgradeStatus('/', 'https://evil.example', 'sip')).toBe(403);
    expect(await upgradeStatus(EVENTS_PATH, 'https://evil.example')).toBe(403);
    expect(await upgradeStatus('/', 'null', 'sip')).toBe(403);
    expect(await upgradeStatus('/', 'app://evil', 'sip')).toBe(403);
  });

  it('lets in the web softphone, the desktop app, allowed origins and clients without Origin', async () => {
    expect(await upgradeStatus('/', `http://127.0.0.1:${port}`, 'sip')).toBe(101);
    expect(await upgradeStatus('/', 'app://softphone', 'sip')).toBe(101);
    expect(await upgradeStatus('/', 'file://', 'sip')).toBe(101);
    expect(await upgradeStatus('/', 'https://crm.example.com', 'sip')).toBe(101);
    expect(await upgradeStatus('/', undefined, 'sip')).toBe(101);
    expect(await upgradeStatus(EVENTS_PATH, `http://127.0.0.1:${port}`)).toBe(101);
  });
});

describe('the API across origins (CORS)', () => {
  /** What a browser's preflight for the Origin learns, and the answer to the request itself. */
  async function crossOrigin(origin: string) {
    const preflight = await fetch(`${base}/api/v1/auth/session`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    const answer = await fetch(`${base}/api/v1/auth/session`, { headers: { origin } });
    return {
      preflight: preflight.headers.get('access-control-allow-origin'),
      allowsAuthorization: preflight.headers.get('access-control-allow-headers') ?? '',
      answer: answer.headers.get('access-control-allow-origin'),
      exposes: answer.headers.get('access-control-expose-headers') ?? '',
      credentials: answer.headers.get('access-control-allow-credentials'),
    };
  }

  it('lets the desktop app and allowed origins read it, with bearer tokens and no cookies', async () => {
    for (const origin of ['app://softphone', 'https://crm.example.com']) {
      const seen = await crossOrigin(origin);
      expect(seen, origin).toMatchObject({ preflight: origin, answer: origin, credentials: null });
      expect(seen.allowsAuthorization).toContain('authorization');
      expect(seen.exposes).toContain('x-pbx-reason');
    }
  });

  it('gives other pages nothing to read: a foreign site, null (sandboxed frames, files)', async () => {
    for (const origin of ['https://evil.example', 'null', 'app://evil']) {
      expect(await crossOrigin(origin), origin).toMatchObject({ preflight: null, answer: null });
    }
  });
});

describe('HTTP responses (issue 20)', () => {
  it('carry the security headers, with a CSP the web softphone works under', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).not.toBe('no-store');
  });

  it('forbid caching of API answers, a sign-in refusal included', async () => {
    const signIn = await fetch(`${base}/api/v1/auth/employee`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sipNumber: '0100001', password: 'wrong' }),
    });
    expect(signIn.headers.get('cache-control')).toBe('no-store');
  });

  it('serve the bundle but not its source map', async () => {
    expect((await fetch(`${base}/assets/index.js`)).status).toBe(200);
    const map = await fetch(`${base}/assets/index.js.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('secret.ts');
  });

  it('refuse a body over the limit, saying it is too large', async () => {
    const big = await fetch(`${base}/api/v1/auth/employee`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sipNumber: '0100001', password: 'x'.repeat(10_000) }),
    });
    // Fastify answers 413; the API's error handler words every client error as a 400 of its shape.
    expect([400, 413]).toContain(big.status);
    expect(((await big.json()) as { message: string }).message).toMatch(/too large/i);
  });

  it('close a connection whose request headers do not arrive in time (408)', async () => {
    const slow = await connectFrom(port, '127.0.0.10');
    slow.socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => slow.socket.write('X-A: b\r\n'), 200);
    expect(await closesWithin(slow, 4000)).toBe(true);
    clearInterval(trickle);
    expect(slow.received()).toMatch(/^HTTP\/1\.1 408 /);
  });
});
