/**
 * The malformed corpus on the back-to-back path (issue 18): requests inside a carrier call,
 * from either side, each broken in a field the back-to-back call reads. Each gets its answer,
 * none is a fault, and the call still ends cleanly afterwards. With rtpengine, so that a REFER
 * from the employee reaches the transfer code.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PLAIN_OFFER } from '../../../pbx/media/test-sdp';
import { b2buaRequests, type DialogSide } from '../../fixtures/sip/malformed';
import { addCompanyNumber, startPbxWithCarrier } from '../../support/carrier';
import { TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { until } from '../../support/poll';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { closeSipClients, sipClient } from '../../support/sip-devices';
import { nextInvite, respond } from '../../support/sip-peer';
import { plainAnswer } from './sdp-answers';

let rtpengine: TestRtpengine;
let pbx: TestPbx;
let carrier: RawSipClient;

beforeAll(async () => {
  rtpengine = await startRtpengine();
});
afterAll(async () => {
  await rtpengine?.stop();
});
afterEach(async () => {
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

const uriOf = (nameAddr: string | undefined) => /<([^>]+)>/.exec(nameAddr ?? '')?.[1] ?? '';

/** A PBX bridged by `bridge`: Anna's IP phone calls a client, the carrier answers (tag carrier1). */
async function answeredOutsideCall(bridge: TestRtpengine) {
  ({ pbx, carrier } = await startPbxWithCarrier({
    rtpengine: { host: bridge.host, port: bridge.ngPort },
  }));
  const anna = await pbx.addEmployee('Anna Ivanova');
  addCompanyNumber(pbx, null);
  const phone = await sipClient(pbx);
  const final = requestWithDigest(phone, {
    method: 'INVITE',
    uri: `sip:+78127654321@${TEST_DOMAIN}`,
    sipNumber: anna.sipNumber,
    password: anna.password,
    headers: ['Content-Type: application/sdp'],
    body: PLAIN_OFFER,
  });
  const invite = await nextInvite(carrier);
  respond(carrier, invite, 200, {
    toTag: 'carrier1',
    body: plainAnswer(invite.body.toString(), 4000),
  });
  const ok = await final;
  expect(ok.status).toBe(200);
  return { anna, phone, invite, ok };
}

it('requests inside a carrier call, broken in what the back-to-back call reads, are each answered', async () => {
  const { phone, invite, ok } = await answeredOutsideCall(rtpengine);

  const employeeSide: DialogSide = {
    target: uriOf(ok.headers.get('contact')),
    from: ok.headers.get('from') ?? '',
    to: ok.headers.get('to') ?? '',
    callId: ok.headers.get('call-id') ?? '',
    transport: 'UDP',
    localPort: phone.localPort(),
  };
  const carrierSide: DialogSide = {
    target: uriOf(invite.headers.get('contact')),
    from: `${invite.headers.get('to')};tag=carrier1`,
    to: invite.headers.get('from') ?? '',
    callId: invite.headers.get('call-id') ?? '',
    transport: 'UDP',
    localPort: carrier.localPort(),
  };
  const cases = [
    ...b2buaRequests(employeeSide, 'employee').map((c) => ({ ...c, client: phone })),
    ...b2buaRequests(carrierSide, 'carrier').map((c) => ({ ...c, client: carrier })),
  ];
  for (const hostile of cases) {
    hostile.client.send(hostile.data);
    const cseq = /^CSeq: (.+)$/m.exec(hostile.data.toString())?.[1];
    const answer = await hostile.client.waitFor((r) => r.headers.get('cseq') === cseq, 3000);
    expect([hostile.name, answer.status]).toEqual([hostile.name, hostile.expect]);
  }
  expect(pbx.pbx.stats.faults).toBe(0);

  // The call is intact: the carrier hangs up, the employee's phone gets the BYE.
  const bye = b2buaRequests(carrierSide, 'carrier')[0]!
    .data.toString()
    .replace(/^Route: .*\r\n/m, '');
  carrier.send(bye);
  const atPhone = await phone.waitForRequest((r) => r.method === 'BYE', 3000);
  respond(phone, atPhone, 200);
  await until(() => pbx.pbx.dialogs.size === 0, 3000, 'call ended');
  expect(pbx.pbx.stats.faults).toBe(0);
});

it('a re-offer the bridge cannot take is refused 503 with its X-Pbx-Reason token', async () => {
  const own = await startRtpengine();
  const { phone, ok, anna } = await answeredOutsideCall(own);
  await own.stop();
  phone.send(
    [
      `INVITE ${uriOf(ok.headers.get('contact'))} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${phone.localPort()};branch=z9hG4bKhold1;rport`,
      'Max-Forwards: 70',
      `From: ${ok.headers.get('from')}`,
      `To: ${ok.headers.get('to')}`,
      `Call-ID: ${ok.headers.get('call-id')}`,
      'CSeq: 20 INVITE',
      `Contact: <sip:${anna.sipNumber}@127.0.0.1:${phone.localPort()}>`,
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(PLAIN_OFFER)}`,
      '',
      PLAIN_OFFER,
    ].join('\r\n'),
  );
  const refused = await phone.waitFor(
    (r) => r.headers.get('cseq') === '20 INVITE' && r.status >= 200,
    5000,
  );
  expect([refused.status, refused.reason, refused.headers.get('x-pbx-reason')]).toEqual([
    503,
    'Media Bridge Unavailable',
    'media-bridge-unavailable',
  ]);
});
