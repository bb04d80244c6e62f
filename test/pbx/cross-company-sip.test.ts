import type JsSIP from 'jssip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUa, registerUa, stopUa } from '../support/jssip';
import { startTestPbx, TEST_DOMAIN, type TestEmployee, type TestPbx } from '../support/pbx';
import { freePort, runSipp } from '../support/sipp';
import { closeSipClients, registeredDevice } from '../support/sip-devices';

let pbx: TestPbx;
let anna: TestEmployee;
/** An employee of another company on the same PBX. */
let olga: TestEmployee;
const uas: JsSIP.UA[] = [];

beforeEach(async () => {
  pbx = await startTestPbx();
  anna = await pbx.addEmployee('Anna Ivanova');
  olga = await (await pbx.addCompany('Beta')).addEmployee('Olga Petrova');
  // Anna's phone is registered: a request that reached her would ring or be answered.
  await registeredDevice(pbx, anna.sipNumber, anna.password);
});

afterEach(async () => {
  for (const ua of uas.splice(0)) await stopUa(ua);
  closeSipClients();
  await pbx.stop();
});

/** SIPp as Olga's IP phone sends `method` to Anna's SIP number; the scenario expects 404. */
async function olgaSipp(method: 'INVITE' | 'SUBSCRIBE' | 'REFER', extra: string) {
  const run = runSipp({
    scenario: method === 'INVITE' ? 'uac-refused.xml' : `uac-refused-${method.toLowerCase()}.xml`,
    remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
    transport: 'u1',
    localPort: await freePort(),
    service: anna.sipNumber,
    user: olga.sipNumber,
    password: olga.password,
    keys: { caller: olga.sipNumber, extra },
  });
  const result = await run.done;
  expect(result.code, `SIPp ${method}:\n${result.stdout.slice(-1500)}\n${result.errors}`).toBe(0);
}

describe("another company's SIP number is not there for a device (SPEC §3 Accounts)", () => {
  it('a call with SIPp: 404 unknown-number', async () => {
    await olgaSipp('INVITE', 'Subject: a call');
  });

  it('a call that claims to replace a dialog (Replaces) with SIPp: 404 unknown-number', async () => {
    await olgaSipp('INVITE', 'Replaces: some-call-id;to-tag=a;from-tag=b');
  });

  it('a subscription with SIPp: 404 unknown-number', async () => {
    await olgaSipp('SUBSCRIBE', 'Event: dialog');
  });

  it('a transfer request (REFER) with SIPp: 404 unknown-number', async () => {
    await olgaSipp('REFER', `Refer-To: <sip:${anna.sipNumber}@${TEST_DOMAIN}>`);
  });

  it('a request from the softphone (JsSIP, a MESSAGE): failed with 404 and unknown-number', async () => {
    const ua = createUa({
      httpPort: pbx.pbx.ports.http,
      sipNumber: olga.sipNumber,
      password: olga.password,
    });
    uas.push(ua);
    await registerUa(ua);
    const failed = await new Promise<{ status?: number; reason?: string }>((resolve) => {
      ua.sendMessage(`sip:${anna.sipNumber}@${TEST_DOMAIN}`, 'hello', {
        eventHandlers: {
          succeeded: () => resolve({ status: 200 }),
          failed: (e) =>
            resolve({
              status: e.response?.status_code,
              reason: e.response?.getHeader('X-Pbx-Reason'),
            }),
        },
      });
    });
    expect(failed).toEqual({ status: 404, reason: 'unknown-number' });
  });
});
