/**
 * Issue 20 item 2, the API side: failed sign-ins slow the failing (account, address) pair and
 * the scanning address, never the honest admin; sign-ins pass through a bounded, fair queue.
 * Attackers use other loopback addresses (all of 127.0.0.0/8 answers on `lo`).
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdmin } from '../../../pbx/directory';
import { ADMIN_PASSWORD, ApiClient } from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { RawSipClient } from '../../support/raw-sip-client';

let pbx: TestPbx | undefined;
afterEach(async () => {
  await pbx?.stop();
  pbx = undefined;
});

interface Answer {
  status: number;
  retryAfter?: string;
  body: { error?: string; message?: string; token?: string };
  ms: number;
}

/** One sign-in as a client at `from` makes it. */
function signIn(
  from: string,
  path: '/api/v1/auth/admin' | '/api/v1/auth/employee',
  body: unknown,
): Promise<Answer> {
  const started = performance.now();
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: pbx!.pbx.ports.http,
        localAddress: from,
        method: 'POST',
        path,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            body: text ? (JSON.parse(text) as Answer['body']) : {},
            ms: performance.now() - started,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const admin = (from: string, password: string, email = 'boss@example.com') =>
  signIn(from, '/api/v1/auth/admin', { email, password });

async function addAdmin(email = 'boss@example.com'): Promise<void> {
  await createAdmin(pbx!.store.forCompany(pbx!.companyId), { email, password: ADMIN_PASSWORD });
}

describe('failed API sign-ins', () => {
  it('slow the attacker from many addresses and from the admin’s own, never the admin', async () => {
    pbx = await startTestPbx({ apiSessions: { penalty: { firstDelayMs: 200, maxDelayMs: 400 } } });
    await addAdmin();
    await addAdmin('deputy@example.com');
    // Guesses from eight addresses, and from the office address the admin signs in from.
    const attackers = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 10}`);
    for (const from of attackers) {
      for (const answer of await Promise.all([1, 2].map(() => admin(from, 'guess-1234567')))) {
        expect(answer.status).toBe(401);
      }
    }
    const office = '127.0.0.1';
    const guesses: Answer[] = [];
    for (let i = 0; i < 6; i++) guesses.push(await admin(office, `guess-${i}-123456`));
    expect(guesses.map((g) => g.status)).toEqual([401, 401, 401, 401, 401, 401]);
    // The fourth failure of the pair and later are held back by the penalty.
    expect(guesses[3]!.ms).toBeGreaterThanOrEqual(190);
    expect(guesses[5]!.ms).toBeGreaterThanOrEqual(390);
    // The honest admin, from the very same address: in at once.
    const honest = await admin(office, ADMIN_PASSWORD);
    expect(honest.status).toBe(200);
    expect(honest.body.token).toBeTruthy();
    expect(honest.ms).toBeLessThan(2000);

    // A scan: one address failing across many accounts is slowed on every account.
    const scanner = '127.0.0.99';
    for (let i = 0; i < 6; i++) await admin(scanner, 'guess-1234567', `nobody${i}@example.com`);
    const slowed = await admin(scanner, 'guess-1234567', 'deputy@example.com');
    expect(slowed.status).toBe(401);
    expect(slowed.ms).toBeGreaterThanOrEqual(390);
    // ...and still never refused: the right password from the scanning address is accepted.
    expect((await admin(scanner, ADMIN_PASSWORD, 'deputy@example.com')).status).toBe(200);

    // The Admin tab's audit log names the address and the accounts.
    const client = new ApiClient(pbx);
    client.token = honest.body.token;
    const audit = await client.get('/admin/audit?limit=100');
    const entries = (
      audit.body.items as { actor: string; action: string; target: string; after: unknown }[]
    ).filter((e) => e.action === 'sign-in.throttled');
    const fromOffice = entries.find((e) => e.actor === office);
    expect(fromOffice?.target).toBe('admin boss@example.com');
    expect(fromOffice?.after).toMatch(
      /^failed sign-ins from 127\.0\.0\.1 for admin boss@example\.com: each failed answer to this address is now held back 0\.[24] s/,
    );
    const fromScanner = entries.find((e) => e.actor === scanner);
    expect(fromScanner?.after).toContain(
      'failed sign-ins from 127.0.0.99 for admin deputy@example.com, and 6 of other companies or unknown',
    );
  }, 60_000);

  it('never lock an employee behind the office address out of the API', async () => {
    pbx = await startTestPbx({ apiSessions: { penalty: { firstDelayMs: 50, maxDelayMs: 100 } } });
    const anna = await pbx.addEmployee('Anna', 'anna-password-1');
    const boris = await pbx.addEmployee('Boris', 'boris-password-1');
    const employee = (sipNumber: string, password: string) =>
      signIn('127.0.0.1', '/api/v1/auth/employee', { sipNumber, password });
    // One colleague's old password, tried again and again behind the office NAT.
    for (let i = 0; i < 15; i++) expect((await employee(boris.sipNumber, 'old')).status).toBe(401);
    const answer = await employee(anna.sipNumber, 'anna-password-1');
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(1000);
    expect((await employee(boris.sipNumber, 'boris-password-1')).status).toBe(200);
  });
});

/** Sends OPTIONS over UDP every `everyMs` and notes how long each answer took. */
async function sipProbe(everyMs: number) {
  const client = await RawSipClient.connect('udp', pbx!.pbx.ports.sip);
  const latencies: number[] = [];
  let sent = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const callId = `probe-${++sent}`;
      const at = performance.now();
      client.send(
        [
          `OPTIONS sip:${TEST_DOMAIN} SIP/2.0`,
          `Via: SIP/2.0/UDP 127.0.0.1:${client.localPort()};rport;branch=z9hG4bK${callId}`,
          'Max-Forwards: 70',
          `From: <sip:probe@${TEST_DOMAIN}>;tag=${callId}`,
          `To: <sip:${TEST_DOMAIN}>`,
          `Call-ID: ${callId}`,
          'CSeq: 1 OPTIONS',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
      await client.waitFor((r) => r.headers.get('call-id') === callId, 5000);
      latencies.push(performance.now() - at);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      client.close();
      return latencies;
    },
  };
}

describe('a flood of admin sign-ins', () => {
  it('200 at once: each gets 200 OK or a 503 saying when to retry, and SIP keeps answering', async () => {
    pbx = await startTestPbx({ maxQueuedSignIns: 16 });
    await addAdmin();
    const probe = await sipProbe(50);
    const froms = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => admin(froms[i % froms.length]!, ADMIN_PASSWORD)),
    );
    const latencies = await probe.stop();
    const ok = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 503);
    expect(ok.length + busy.length).toBe(200);
    // One running per core pair and a quarter of the queue per address: 4 × 4 waited their turn.
    expect(ok.length).toBeGreaterThanOrEqual(16);
    for (const answer of busy) {
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answer.body).toEqual({
        error: 'unavailable',
        message: 'too many sign-ins are being checked at the moment: try again in a few seconds',
      });
    }
    expect(latencies.length).toBeGreaterThan(3);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    // Those refused come back later, and get in.
    expect((await admin('127.0.0.2', ADMIN_PASSWORD)).status).toBe(200);
  }, 60_000);

  it('are taken in turn by address: one flooding address does not keep another waiting', async () => {
    pbx = await startTestPbx({ signInConcurrency: 1, maxQueuedSignIns: 200 });
    await addAdmin();
    // A script signing in thirty times at once (correct passwords: no penalty, only the queue).
    const flood = Array.from({ length: 30 }, () => admin('127.0.0.50', ADMIN_PASSWORD));
    await new Promise((r) => setTimeout(r, 100));
    const honest = await admin('127.0.0.1', ADMIN_PASSWORD);
    const attackers = await Promise.all(flood);
    expect(honest.status).toBe(200);
    // The honest sign-in waited at most a turn or two, not behind the thirty.
    const slowestOfFlood = Math.max(...attackers.map((a) => a.ms));
    expect(honest.ms).toBeLessThan(slowestOfFlood / 3);
  }, 60_000);
});
