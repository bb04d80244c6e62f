/**
 * Issue 18: a 200 whose Contact does not parse, on a call with the world.carrier, threw from the
 * back-to-back call (`parseNameAddr`): without rtpengine out of the UDP handler (the process
 * ended), with rtpengine inside the call's promise chain (an unhandled rejection, and every
 * later response of the call skipped). Now the leg keeps the target it had and the call goes on.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PLAIN_OFFER } from '../../../pbx/media/test-sdp';
import type { SipResponse } from '../../../pbx/sip/message';
import { carrierInDialog, carrierInvite, COMPANY_NUMBER } from '../../support/carrier';
import { TEST_DOMAIN } from '../../support/pbx';
import { until } from '../../support/poll';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { registeredDevice, sipClient } from '../../support/sip-devices';
import { nextInvite, respond } from '../../support/sip-peer';
import { carrierWorld } from './carrier-fixture';
import { plainAnswer } from './sdp-answers';

const CLIENT = '+78127654321';
const BROKEN_CONTACT = '<sip:broken@127.0.0.1:5060;transport=udp';

const world = carrierWorld();
const start = (bridged: boolean) => world.start(bridged);

/** A request the employee's phone sends inside the dialog the PBX's 200 set up. */
function employeeInDialog(phone: RawSipClient, ok: SipResponse, method: string): string {
  const target = /<([^>]+)>/.exec(ok.headers.get('contact') ?? '')?.[1];
  return [
    `${method} ${target} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${phone.localPort()};rport;branch=z9hG4bK${randomBytes(5).toString('hex')}`,
    'Max-Forwards: 70',
    `From: ${ok.headers.get('from')}`,
    `To: ${ok.headers.get('to')}`,
    `Call-ID: ${ok.headers.get('call-id')}`,
    `CSeq: 2 ${method}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

describe.each([
  ['without a media bridge', false],
  ['with rtpengine', true],
])('a 200 with an unparsable Contact on a carrier call, %s', (_label, bridged) => {
  it('from the carrier: the employee is connected, and hanging up reaches the carrier', async () => {
    const anna = await start(bridged);
    const phone = await sipClient(world.pbx);
    const final = requestWithDigest(phone, {
      method: 'INVITE',
      uri: `sip:${CLIENT}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      headers: ['Content-Type: application/sdp'],
      body: PLAIN_OFFER,
    });
    const invite = await nextInvite(world.carrier);
    respond(world.carrier, invite, 200, {
      contact: BROKEN_CONTACT,
      body: plainAnswer(invite.body.toString(), 4000),
    });
    const ok = await final;
    expect(ok.status).toBe(200);

    phone.send(employeeInDialog(phone, ok, 'BYE'));
    const bye = await world.carrier.waitForRequest((r) => r.method === 'BYE', 3000);
    expect(bye.headers.get('call-id')).toBe(invite.headers.get('call-id'));
    respond(world.carrier, bye, 200);
    const byeOk = await phone.waitFor((r) => r.headers.get('cseq') === '2 BYE');
    expect(byeOk.status).toBe(200);
    await until(() => world.pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    expect(world.pbx.pbx.stats.faults).toBe(0);
  });

  it('from the employee’s device: the carrier is connected, and its BYE reaches the device', async () => {
    const anna = await start(bridged);
    const device = await registeredDevice(world.pbx, anna.sipNumber, anna.password);
    const call = carrierInvite(world.carrier, world.pbx.pbx.ports.sip, COMPANY_NUMBER, CLIENT);
    world.carrier.send(call.invite);
    const ringing = await nextInvite(device);
    respond(device, ringing, 200, {
      contact: BROKEN_CONTACT,
      // Through the bridge the device is offered rtpengine's SDP; otherwise the carrier's own.
      body: bridged ? plainAnswer(ringing.body.toString(), 4002) : undefined,
    });
    const ok = await world.carrier.waitFor(
      (r) => r.status === 200 && r.headers.get('call-id') === call.callId,
      5000,
    );
    world.carrier.send(carrierInDialog(world.carrier, call, ok, 'ACK', 1));
    world.carrier.send(carrierInDialog(world.carrier, call, ok, 'BYE', 2));
    const bye = await device.waitForRequest((r) => r.method === 'BYE', 3000);
    respond(device, bye, 200);
    const byeOk = await world.carrier.waitFor((r) => r.headers.get('cseq') === '2 BYE');
    expect(byeOk.status).toBe(200);
    await until(() => world.pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    expect(world.pbx.pbx.stats.faults).toBe(0);
  });
});

describe('an outside call whose INVITE has an unparsable Contact', () => {
  it('is refused, and the caller’s line and call record are freed', async () => {
    const anna = await start(false);
    const phone = await sipClient(world.pbx);
    const call = (contact?: string) =>
      requestWithDigest(phone, {
        method: 'INVITE',
        uri: `sip:${CLIENT}@${TEST_DOMAIN}`,
        sipNumber: anna.sipNumber,
        password: anna.password,
        headers: ['Content-Type: application/sdp'],
        body: PLAIN_OFFER,
        contact,
      });
    const refused = await call(BROKEN_CONTACT);
    expect([refused.status, refused.reason]).toEqual([400, 'Bad Contact']);
    await world.pbx.pbx.dialogs.flush();
    expect(world.pbx.pbx.dialogs.size).toBe(0);
    const records = await world.pbx.company.callRecords.list();
    expect(records.filter((r) => r.endedAt === null)).toEqual([]);
    // Anna has one channel: a call that is not refused for it shows the line was freed.
    const next = call();
    respond(world.carrier, await nextInvite(world.carrier), 486);
    expect((await next).status).toBe(486);
  });
});
