import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StreamFramer } from '../../pbx/sip/stream-framer';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { testCertificate } from '../support/tls';

let pbx: TestPbx;

beforeAll(async () => {
  const { cert, key } = testCertificate();
  const rendererDir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Softphone</title>');
  pbx = await startTestPbx({ tlsCertFile: cert, tlsKeyFile: key, rendererDir });
});

afterAll(async () => {
  await pbx.stop();
});

const options = (transport: string, port: number) =>
  [
    `OPTIONS sip:${TEST_DOMAIN} SIP/2.0`,
    `Via: SIP/2.0/${transport} client.invalid;branch=z9hG4bKtls${port};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@${TEST_DOMAIN}>;tag=1`,
    `To: <sip:${TEST_DOMAIN}>`,
    `Call-ID: tls-${transport}-${port}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

it('answers SIP over TLS when a certificate is configured', async () => {
  const port = pbx.pbx.ports.sipTls ?? 0;
  expect(port).toBeGreaterThan(0);
  const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
  const answer = await new Promise<string>((resolve, reject) => {
    const framer = new StreamFramer({
      onMessage: (data) => resolve(data.toString()),
      onKeepAlive: () => undefined,
      onError: reject,
    });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.once('secureConnect', () => socket.write(options('TLS', port)));
    socket.once('error', reject);
  });
  socket.destroy();
  expect(answer).toMatch(/^SIP\/2\.0 200 OK/);
  expect(answer).toMatch(/^Allow: .*INVITE/m);
});

it('answers SIP over secure WebSocket on the HTTPS port', async () => {
  const port = pbx.pbx.ports.https ?? 0;
  const ws = new WebSocket(`wss://127.0.0.1:${port}`, 'sip', { rejectUnauthorized: false });
  const answer = await new Promise<string>((resolve, reject) => {
    ws.once('open', () => ws.send(options('WSS', port)));
    ws.once('message', (data: Buffer) => resolve(data.toString()));
    ws.once('error', reject);
  });
  ws.close();
  expect(ws.protocol).toBe('sip');
  expect(answer).toMatch(/^SIP\/2\.0 200 OK/);
});

it('refuses a WebSocket without the sip subprotocol', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${pbx.pbx.ports.http}`);
  const status = await new Promise<number>((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => resolve(101));
  });
  expect(status).not.toBe(101);
});

it('serves the web softphone over HTTPS, where browsers allow the microphone', async () => {
  const page = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    https
      .get(`https://127.0.0.1:${pbx.pbx.ports.https}/`, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
  expect(page.status).toBe(200);
  expect(page.body).toContain('<title>Softphone</title>');
});
