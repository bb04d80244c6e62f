/**
 * The fault barrier of a carrier call (issue 18): a fault in the call's own work (injected here
 * into the dialog layer's UAS and Dialog) ends that call, both legs, its line, call record and
 * media, and nothing else; the PBX serves the next call.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Dialog, Uas } from '../../pbx/sip/dialog';
import { addCompanyNumber, startPbxWithCarrier } from '../support/carrier';
import { TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import { requestWithDigest, type RawSipClient } from '../support/raw-sip-client';
import { closeSipClients, sipClient } from '../support/sip-devices';
import { nextInvite, respond } from '../support/sip-peer';
import type { SipResponse } from '../../pbx/sip/message';

const CLIENT = '+78127654321';
const OFFER =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

let pbx: TestPbx;
let carrier: RawSipClient;

afterEach(async () => {
  vi.restoreAllMocks();
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

/** Anna's phone calls a client through the carrier. */
async function annaCalls() {
  ({ pbx, carrier } = await startPbxWithCarrier());
  const anna = await pbx.addEmployee('Anna Ivanova');
  addCompanyNumber(pbx, null);
  const phone = await sipClient(pbx);
  const call = () =>
    requestWithDigest(phone, {
      method: 'INVITE',
      uri: `sip:${CLIENT}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      headers: ['Content-Type: application/sdp'],
      body: OFFER,
    });
  return { anna, phone, call };
}

describe('a fault in a carrier call ends that call only', () => {
  it('while it rings: the employee gets 500, the carrier a CANCEL, the line and record are freed', async () => {
    const { call } = await annaCalls();
    vi.spyOn(Uas.prototype, 'progress').mockImplementationOnce(() => {
      throw new Error('injected fault');
    });
    const final = call();
    const invite = await nextInvite(carrier);
    respond(carrier, invite, 180);
    expect((await final).status).toBe(500);
    const cancel = await carrier.waitForRequest((r) => r.method === 'CANCEL', 3000);
    expect(cancel.headers.get('call-id')).toBe(invite.headers.get('call-id'));
    respond(carrier, cancel, 200);
    respond(carrier, invite, 487);
    expect(pbx.pbx.stats.callsEndedByFault).toBe(1);
    expect(pbx.pbx.stats.faults).toBe(1);
    await pbx.pbx.dialogs.flush();
    expect(pbx.pbx.dialogs.size).toBe(0);
    const records = await pbx.company.callRecords.list();
    expect(records.map((r) => r.result)).toEqual(['failed']);

    // Anna has one channel: the next call goes out, so the line was freed.
    const next = call();
    respond(carrier, await nextInvite(carrier, [invite]), 486);
    expect((await next).status).toBe(486);
  });

  it('once connected: both legs get a BYE, the re-INVITE that hit the fault is answered', async () => {
    const { phone, call } = await annaCalls();
    const final = call();
    const invite = await nextInvite(carrier);
    respond(carrier, invite, 200);
    const ok = await final;
    expect(ok.status).toBe(200);
    vi.spyOn(Dialog.prototype, 'modify').mockImplementationOnce(() => {
      throw new Error('injected fault');
    });
    phone.send(reinvite(phone, ok));
    const held = phone.waitFor((r) => r.headers.get('cseq') === '20 INVITE' && r.status >= 200);
    const [toCarrier, toPhone] = await Promise.all([
      carrier.waitForRequest((r) => r.method === 'BYE', 3000),
      phone.waitForRequest((r) => r.method === 'BYE', 3000),
    ]);
    expect(toCarrier.headers.get('call-id')).toBe(invite.headers.get('call-id'));
    expect(toPhone.headers.get('call-id')).toBe(ok.headers.get('call-id'));
    expect((await held).status).toBe(487);
    expect(pbx.pbx.stats.callsEndedByFault).toBe(1);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    await pbx.pbx.dialogs.flush();
    const record = await pbx.store.callRecords.getByCallId(ok.headers.get('call-id') ?? '');
    expect(record?.result).toBe('failed');
  });
});

/** A re-INVITE (hold) the caller's phone sends inside the dialog the PBX's 200 set up. */
function reinvite(phone: RawSipClient, ok: SipResponse): string {
  return [
    `INVITE ${/<([^>]+)>/.exec(ok.headers.get('contact') ?? '')?.[1]} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${phone.localPort()};branch=z9hG4bKhold${Date.now()};rport`,
    'Max-Forwards: 70',
    `From: ${ok.headers.get('from')}`,
    `To: ${ok.headers.get('to')}`,
    `Call-ID: ${ok.headers.get('call-id')}`,
    'CSeq: 20 INVITE',
    `Contact: <sip:anna@127.0.0.1:${phone.localPort()}>`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(OFFER)}`,
    '',
    OFFER,
  ].join('\r\n');
}
