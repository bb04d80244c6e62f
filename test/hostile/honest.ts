/**
 * The honest side of the hostile-load suite: SIPp devices registering and calling over UDP, new
 * TCP connections registering one after another, and an office of phones behind one address,
 * each on a TCP connection of its own, answering the calls they get.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_PREFIX } from '../../shared/api';
import { serializeMessage } from '../../pbx/sip/serializer';
import { createResponse } from '../../pbx/sip/transaction/response';
import { RawSipClient, registerWithDigest } from '../support/raw-sip-client';
import { runSipp } from '../support/sipp';
import { HOSTILE_PASSWORD } from './config';

/** The bench's scenarios: REGISTER from a CSV, calls between CSV pairs, a UAS that answers all. */
const BENCH_SCENARIOS = '../../bench/scenarios';
/** The port every SIPp device's Contact names (bench/scenarios/reg-csv.xml). */
const UAS_PORT = 5090;

export interface HonestTally {
  calls: number;
  failedCalls: number;
  registrations: number;
  failedRegistrations: number;
}

function csv(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hostile-csv-')), 'data.csv');
  writeFileSync(file, ['SEQUENTIAL', ...lines, ''].join('\n'));
  return file;
}

/** How long a phone waits for an answer before it gives up on a transaction (Timer F, 32 s). */
const PHONE_PATIENCE_MS = 32_000;

const auth = (number: string) => `[authentication username=${number} password=${HOSTILE_PASSWORD}]`;

/** SIPp's final counters, from its `-trace_stat` file. */
function sippCounts(file: string): { created: number; successful: number } {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0]?.split(';') ?? [];
  const last = lines.at(-1)?.split(';') ?? [];
  const value = (name: string) => Number(last[head.indexOf(name)] ?? 0);
  return { created: value('OutgoingCall(C)'), successful: value('SuccessfulCall(C)') };
}

/** One SIPp run over UDP from `address`; resolves with how many of its calls were made and failed. */
async function sipp(
  remote: string,
  address: string,
  scenario: string,
  args: string[],
  seconds: number,
): Promise<{ created: number; failed: number }> {
  const stats = join(mkdtempSync(join(tmpdir(), 'hostile-sipp-')), 'stat.csv');
  const run = runSipp({
    scenario: `${BENCH_SCENARIOS}/${scenario}`,
    remote,
    transport: 'u1',
    timeoutSeconds: seconds + 30,
    extra: ['-i', address, '-trace_stat', '-stf', stats, ...args],
  });
  const { errors } = await run.done;
  const { created, successful } = sippCounts(stats);
  if (created > successful && process.env.HOSTILE_TRACE === '1') {
    // SIPp traces the optional late 180's timeout too: only the other entries tell.
    const entries = errors.split(/(?=\d{4}-\d\d-\d\d\t)/);
    const telling = entries.filter((entry) => !entry.includes('uac-call:9, jumping'));
    process.stderr.write(
      `sipp ${scenario}: ${created - successful} failed\n${telling.join('\n')}\n`,
    );
  }
  return { created, failed: created - successful };
}

/** Calls between pairs (1 calls 2, 3 calls 4, …) placed by SIPp from `address` at `rate` a second. */
export async function placeCalls(
  remote: string,
  address: string,
  numbers: string[],
  rate: number,
  seconds: number,
): Promise<{ created: number; failed: number }> {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) {
    pairs.push(`${numbers[i]};${numbers[i + 1]};${auth(numbers[i]!)}`);
  }
  const args = ['-inf', csv(pairs), '-r', String(rate), '-m', String(rate * seconds)];
  return sipp(remote, address, 'uac-call.xml', args, seconds);
}

/** SIPp devices: a UAS answering every callee, and their registration once. */
export async function startHonestDevices(remote: string, address: string, numbers: string[]) {
  const uas = runSipp({
    scenario: `${BENCH_SCENARIOS}/uas-rr.xml`,
    transport: 'u1',
    localPort: UAS_PORT,
    calls: 10_000_000,
    timeoutSeconds: 3600,
    extra: ['-i', address],
  });
  const users = csv(numbers.map((n) => `${n};${auth(n)}`));
  const once = await sipp(
    remote,
    address,
    'reg-csv.xml',
    ['-inf', users, '-r', '50', '-m', String(numbers.length)],
    10,
  );
  if (once.failed > 0) throw new Error(`${once.failed} honest devices could not register`);
  return {
    /** Re-registrations and calls at the plan's rates for `seconds`. */
    async work(
      seconds: number,
      callsPerSecond: number,
      registersPerSecond: number,
    ): Promise<HonestTally> {
      const [registrations, placed] = await Promise.all([
        sipp(
          remote,
          address,
          'reg-csv.xml',
          [
            '-inf',
            users,
            '-r',
            String(registersPerSecond),
            '-m',
            String(registersPerSecond * seconds),
          ],
          seconds,
        ),
        placeCalls(remote, address, numbers, callsPerSecond, seconds),
      ]);
      return {
        calls: placed.created,
        failedCalls: placed.failed,
        registrations: registrations.created,
        failedRegistrations: registrations.failed,
      };
    },
    stop: () => uas.kill(),
  };
}

/**
 * New TCP connections registering, one every `everyMs`, each closed afterwards: what a phone
 * that starts up during an attack meets.
 */
export function registerProbe(port: number, address: string, number: string, everyMs = 250) {
  const tally = { registrations: 0, failedRegistrations: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      let client: RawSipClient | undefined;
      try {
        client = await RawSipClient.connect('tcp', port, 0, address);
        const status = await registerWithDigest(
          client,
          number,
          HOSTILE_PASSWORD,
          undefined,
          PHONE_PATIENCE_MS,
        );
        tally.registrations++;
        if (status !== 200) tally.failedRegistrations++;
      } catch {
        tally.registrations++;
        tally.failedRegistrations++;
      }
      client?.close();
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return tally;
    },
  };
}

export interface AdminTally {
  signIns: number;
  /** Sign-ins not answered 200, by status (0: no answer within ten seconds). */
  failed: Record<string, number>;
  /** The slowest answer, ms. */
  slowestMs: number;
}

/**
 * The company's admin signing in with the right password from an address of their own, one
 * sign-in after another with `everyMs` between them: what the admin meets during an attack.
 */
export function adminProbe(
  httpPort: number,
  address: string,
  account: { email: string; password: string },
  everyMs = 1000,
) {
  const tally: AdminTally = { signIns: 0, failed: {}, slowestMs: 0 };
  let running = true;
  const body = JSON.stringify(account);
  const signIn = () =>
    new Promise<number>((resolve) => {
      const request = http.request({
        host: '127.0.0.1',
        port: httpPort,
        path: `${API_PREFIX}/auth/admin`,
        method: 'POST',
        localAddress: address,
        agent: false,
        timeout: 10_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(0));
      request.end(body);
    });
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const status = await signIn();
      tally.signIns++;
      tally.slowestMs = Math.max(tally.slowestMs, Date.now() - started);
      if (status !== 200) tally.failed[status] = (tally.failed[status] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop(): Promise<AdminTally> {
      running = false;
      await loop;
      return tally;
    },
  };
}

const ANSWER_SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

/**
 * An office: phones behind one address, each registered on a TCP connection of its own, answering
 * every INVITE with 200 (and BYE with 200), re-registering on demand.
 */
export async function startOffice(port: number, address: string, numbers: string[]) {
  const phones = await Promise.all(
    numbers.map(async (number) => {
      const client = await RawSipClient.connect('tcp', port, 0, address);
      if (
        (await registerWithDigest(
          client,
          number,
          HOSTILE_PASSWORD,
          undefined,
          PHONE_PATIENCE_MS,
        )) !== 200
      ) {
        throw new Error(`office phone ${number} could not register`);
      }
      return { number, client, answered: 0 };
    }),
  );
  const answerer = setInterval(() => {
    for (const phone of phones) {
      const requests = phone.client.requests;
      while (phone.answered < requests.length) {
        const request = requests[phone.answered++]!;
        if (request.method === 'ACK') continue;
        const ok = createResponse(request, 200, 'OK');
        if (request.method === 'INVITE') {
          ok.headers.set('record-route', request.headers.getAll('record-route'));
          ok.headers.set('contact', `<sip:${phone.number}@${address}:5060;transport=tcp>`);
          ok.headers.set('content-type', 'application/sdp');
          ok.body = Buffer.from(ANSWER_SDP);
        }
        phone.client.send(serializeMessage(ok));
      }
    }
  }, 20);
  return {
    /** Every phone registers again on its connection; resolves with how many failed. */
    async reregister(): Promise<{ registrations: number; failedRegistrations: number }> {
      const statuses = await Promise.all(
        phones.map((p) =>
          registerWithDigest(
            p.client,
            p.number,
            HOSTILE_PASSWORD,
            undefined,
            PHONE_PATIENCE_MS,
          ).catch(() => 0),
        ),
      );
      return {
        registrations: statuses.length,
        failedRegistrations: statuses.filter((s) => s !== 200).length,
      };
    },
    /** Phones whose connection the PBX closed. */
    closed: () => phones.filter((p) => p.client.closed).length,
    stop() {
      clearInterval(answerer);
      for (const phone of phones) phone.client.close();
    },
  };
}
