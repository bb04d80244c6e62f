import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_OFFER } from '../../../pbx/media/test-sdp';
import type { SipRequest, SipResponse } from '../../../pbx/sip/message';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { startRtpengine, type TestRtpengine } from '../../support/rtpengine';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import { nextInvite, respond, sendAsCaller, sendInDialog } from '../../support/sip-peer';
import { browserAnswer } from './sdp-answers';

/**
 * Issue 21: in a call bridged through rtpengine (an IP phone and a softphone), only SDP goes to
 * the bridge; a transfer's NOTIFY (`message/sipfrag`) and SIP INFO DTMF reach the other side
 * as they were sent.
 */
let rtpengine: TestRtpengine;
let pbx: TestPbx;

beforeAll(async () => {
  rtpengine = await startRtpengine();
});
afterAll(async () => {
  await rtpengine?.stop();
});
afterEach(async () => {
  closeSipClients();
  await pbx?.stop();
});

const SIPFRAG = 'SIP/2.0 200 OK\r\n';
const DTMF_RELAY = 'Signal=5\r\nDuration=160\r\n';

/** Anna's IP phone (UDP) calls Boris's softphone (WebSocket); the bridged call is answered. */
async function bridgedCall() {
  pbx = await startTestPbx({ rtpengine: { host: rtpengine.host, port: rtpengine.ngPort } });
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  const softphone = await registeredDevice(pbx, boris.sipNumber, boris.password, 'ws');
  const phone = await sipClient(pbx);
  const answered = requestWithDigest(phone, {
    method: 'INVITE',
    uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: anna.sipNumber,
    password: anna.password,
    headers: ['Content-Type: application/sdp'],
    body: PLAIN_OFFER,
  });
  const invite: SipRequest = await nextInvite(softphone);
  // Bridged: the softphone was offered WebRTC from rtpengine, not the phone's plain RTP.
  expect(invite.body.toString()).toMatch(/UDP\/TLS\/RTP\/SAVPF/);
  respond(softphone, invite, 200, { body: browserAnswer(invite.body.toString(), 50000) });
  const ok: SipResponse = await answered;
  expect(ok.status).toBe(200);
  await sendAsCaller(phone, ok, 'ACK');
  return { phone, softphone, invite, ok };
}

const arrived = (client: RawSipClient, method: string) =>
  client.waitForRequest((r) => r.method === method, 5000);

describe('in-dialog bodies across a bridged call', () => {
  it('a NOTIFY with message/sipfrag from the softphone reaches the IP phone unchanged', async () => {
    const { phone, softphone, invite } = await bridgedCall();
    const sent = sendInDialog(softphone, invite, 'NOTIFY', SIPFRAG, [
      'Event: refer',
      'Subscription-State: terminated;reason=noresource',
      'Content-Type: message/sipfrag;version=2.0',
    ]);
    const notify = await arrived(phone, 'NOTIFY');
    expect(notify.headers.get('content-type')).toBe('message/sipfrag;version=2.0');
    expect(notify.body.toString()).toBe(SIPFRAG);
    respond(phone, notify, 200);
    expect((await sent).status).toBe(200);
  });

  it('an INFO with application/dtmf-relay from the IP phone reaches the softphone unchanged', async () => {
    const { phone, softphone, ok } = await bridgedCall();
    const sent = sendAsCaller(phone, ok, 'INFO', DTMF_RELAY, [
      'Content-Type: application/dtmf-relay',
    ]);
    const info = await arrived(softphone, 'INFO');
    expect(info.headers.get('content-type')).toBe('application/dtmf-relay');
    expect(info.body.toString()).toBe(DTMF_RELAY);
    respond(softphone, info, 200);
    expect((await sent)?.status).toBe(200);
  });

  it('an INFO with application/dtmf from the softphone reaches the IP phone unchanged', async () => {
    const { phone, softphone, invite } = await bridgedCall();
    const sent = sendInDialog(softphone, invite, 'INFO', '7', ['Content-Type: application/dtmf']);
    const info = await arrived(phone, 'INFO');
    expect(info.body.toString()).toBe('7');
    respond(phone, info, 200);
    expect((await sent).status).toBe(200);
  });

  it('a re-INVITE with a multipart body: the SDP part is rewritten by rtpengine, the other part kept', async () => {
    const { phone, softphone, invite } = await bridgedCall();
    const hold = browserAnswer(invite.body.toString(), 50000).replace('a=sendrecv', 'a=sendonly');
    const body = [
      '--b1',
      'Content-Type: application/sdp',
      '',
      hold,
      '--b1',
      'Content-Type: application/vnd.example+xml',
      '',
      '<x>kept</x>',
      '--b1--',
      '',
    ].join('\r\n');
    const sent = sendInDialog(softphone, invite, 'INVITE', body, [
      'Content-Type: multipart/mixed;boundary=b1',
    ]);
    const reinvite = await arrived(phone, 'INVITE');
    const text = reinvite.body.toString();
    expect(text).toContain(
      '\r\n--b1\r\nContent-Type: application/vnd.example+xml\r\n\r\n<x>kept</x>\r\n--b1--\r\n',
    );
    // The SDP part now speaks plain RTP from rtpengine's ports.
    expect(text).toMatch(/m=audio \d+ RTP\/AVP /);
    expect(text).not.toMatch(/a=fingerprint/);
    expect(text).toMatch(/a=sendonly/);
    respond(phone, reinvite, 200, { body: PLAIN_OFFER.replace('4000', '4010') });
    const answeredHold = await sent;
    expect(answeredHold.status).toBe(200);
    expect(answeredHold.body.toString()).toMatch(/UDP\/TLS\/RTP\/SAVPF/);
  });
});
