/**
 * The structured log events of issue 18 item 8, each caused the way it happens in service and
 * read from the PBX's own log lines: `refused`, `auth.failed`, `parse.dropped`, `branch.timeout`
 * and `bridge.error` here; `fault` in fault-barrier.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../pbx/log';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import { requestWithDigest, type DigestRequest } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../support/sip-devices';
import { freePort } from '../support/sipp';

let pbx: TestPbx;
let lines: string[];

afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

async function start(overrides: Parameters<typeof startTestPbx>[0] = {}) {
  lines = [];
  pbx = await startTestPbx({
    logger: createLogger('debug', { write: (line: string) => void lines.push(line) }),
    ...overrides,
  });
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris');
  /** Anna's phone sends Boris `method`; resolves with the final response. */
  const annaSends = async (method: string, extra: Partial<DigestRequest> = {}) =>
    requestWithDigest(await sipClient(pbx), {
      method,
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      ...extra,
    });
  return { anna, boris, annaSends };
}

/** The log records of `event`, as parsed JSON. */
function events(event: string): Record<string, unknown>[] {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.event === event);
}

/** A browser's offer: the plain-RTP device it calls needs the bridge. */
const WEBRTC_OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB',
  'm=audio 40000 UDP/TLS/RTP/SAVPF 0',
  'a=ice-ufrag:abcd',
  'a=ice-pwd:abcdefghijklmnopqrstuv',
  'a=rtcp-mux',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

describe('structured log events', () => {
  it('refused: a step of the route refuses (status, reason, token, Call-ID)', async () => {
    const { annaSends } = await start();
    const response = await annaSends('MESSAGE', { headers: ['Max-Forwards: 0'] });
    expect(response.status).toBe(483);
    expect(events('refused')).toContainEqual(
      expect.objectContaining({
        status: 483,
        pbxReason: 'too-many-hops',
        callId: response.headers.get('call-id'),
      }),
    );
  });

  it('auth.failed: a wrong digest answer names the user and address, never the password', async () => {
    const { anna, annaSends } = await start();
    await annaSends('MESSAGE', { password: 'not-her-password' });
    await until(() => events('auth.failed').length > 0, 2000, 'auth.failed');
    expect(events('auth.failed')[0]).toMatchObject({
      username: anna.sipNumber,
      address: '127.0.0.1',
    });
    expect(lines.join('\n')).not.toContain('not-her-password');
  });

  it('parse.dropped: a datagram that is no SIP message', async () => {
    await start();
    const phone = await sipClient(pbx);
    phone.send(`NOT SIP AT ALL ${randomBytes(4).toString('hex')}\r\n\r\n`);
    await until(() => events('parse.dropped').length > 0, 2000, 'parse.dropped');
    expect(events('parse.dropped')[0]).toMatchObject({ answered: false });
  });

  it('branch.timeout: a device that never answers the INVITE (Timer B)', async () => {
    const { boris, annaSends } = await start({ sipTimers: { T1: 20, T2: 160 } });
    await registeredDevice(pbx, boris.sipNumber, boris.password); // receives, never answers
    const response = await annaSends('INVITE');
    expect(response.status).toBe(408);
    expect(events('branch.timeout')).toContainEqual(
      expect.objectContaining({ callId: response.headers.get('call-id') }),
    );
  });

  it('bridge.error: rtpengine does not answer an offer; the caller hears why', async () => {
    const { boris, annaSends } = await start({
      rtpengine: { host: '127.0.0.1', port: await freePort() },
    });
    await registeredDevice(pbx, boris.sipNumber, boris.password);
    const response = await annaSends('INVITE', {
      headers: ['Content-Type: application/sdp'],
      body: WEBRTC_OFFER,
    });
    expect(response.headers.get('x-pbx-reason')).toBe('media-bridge-unavailable');
    expect(events('bridge.error')).toContainEqual(
      expect.objectContaining({ verb: 'offer', callId: response.headers.get('call-id') }),
    );
  });
});
