import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmployee } from '../../pbx/directory';
import { parseNameAddr } from '../../pbx/sip/headers';
import type { SipResponse } from '../../pbx/sip/message';
import { formatUri } from '../../pbx/sip/uri';
import { TEST_DOMAIN } from '../support/pbx';
import { RawSipClient, requestWithDigest } from '../support/raw-sip-client';
import { respond } from '../support/sip-peer';
import { e2eEnvironment } from './environment';
import { Softphone } from './softphone';

/**
 * Late offer (issue 21 item 4), the softphone's side, through the PBX without a media bridge:
 * an IP phone (a raw SIP client over UDP) sends an INVITE without SDP; the softphone must put
 * its offer in the 200 and take the answer from the ACK. The IP phone's media is a plain
 * RTCPeerConnection in another Chromium page (SIPp could not answer a WebRTC offer: ICE, DTLS).
 */

const env = e2eEnvironment('E2E', undefined, { domain: TEST_DOMAIN });
const closers: (() => unknown)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function employee(name: string) {
  const created = await createEmployee(env.store.forCompany(env.companyId), { name }, TEST_DOMAIN);
  await env.pbx.directory.sync();
  return { name, sipNumber: created.sipNumber, password: created.password };
}

async function openPage(): Promise<Softphone> {
  const phone = await Softphone.open(env.browser, env.url());
  closers.push(() => phone.close());
  return phone;
}

/** The answer of a plain RTCPeerConnection (microphone: the fake device) to `offer`. */
function answerIn(page: Softphone['page'], offer: string): Promise<string> {
  return page.evaluate(async (sdp) => {
    const pc = new RTCPeerConnection();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((done) => {
      if (pc.iceGatheringState === 'complete') return done();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') done();
      });
      setTimeout(done, 2000);
    });
    return pc.localDescription!.sdp;
  }, offer);
}

/** The ACK for a 2xx (RFC 3261 §13.2.2.4): to its Contact, along the reversed Record-Route. */
function ackFor(client: RawSipClient, ok: SipResponse, sdp: string): string {
  const target = formatUri(parseNameAddr(ok.headers.get('contact') ?? '').uri);
  const routes = ok.headers
    .getAll('record-route')
    .flatMap((value) => value.split(/,(?=\s*<)/))
    .reverse();
  const seq = (ok.headers.get('cseq') ?? '').split(' ')[0];
  return [
    `ACK ${target} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${client.localPort()};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
    ...routes.map((route) => `Route: ${route.trim()}`),
    'Max-Forwards: 70',
    `From: ${ok.headers.get('from')}`,
    `To: ${ok.headers.get('to')}`,
    `Call-ID: ${ok.headers.get('call-id')}`,
    `CSeq: ${seq} ACK`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
}

describe('late offer: the softphone answers an INVITE without SDP (unbridged)', () => {
  it('offers audio in its 200, takes the answer from the ACK, and the call has audio both ways', async () => {
    const [anna, boris] = [await employee('Anna Ivanova'), await employee('Boris Petrov')];
    const softphone = await openPage();
    await softphone.signIn(env.server(), anna.sipNumber, anna.password);
    await softphone.page
      .getByRole('status')
      .filter({ hasText: `Registered as ${anna.sipNumber}` })
      .waitFor({ timeout: 20_000 });
    const deskPhoneMedia = await openPage();
    const deskPhone = await RawSipClient.connect('udp', env.pbx.ports.sip);
    closers.push(() => deskPhone.close());

    // Boris's IP phone calls Anna with an INVITE that carries no SDP.
    const final = requestWithDigest(deskPhone, {
      method: 'INVITE',
      uri: `sip:${anna.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: boris.sipNumber,
      password: boris.password,
      waitMs: 30_000,
    });
    await softphone.page.getByText('Boris Petrov').first().waitFor({ timeout: 15_000 });
    await softphone.button('Answer').click();
    const ok = await final;
    expect(ok.status).toBe(200);
    const offer = ok.body.toString();
    expect(ok.headers.get('content-type')).toMatch(/application\/sdp/);
    expect(offer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF/m);
    expect(offer).toMatch(/^a=sendrecv/m);

    deskPhone.send(ackFor(deskPhone, ok, await answerIn(deskPhoneMedia.page, offer)));
    await softphone.page.getByText('Connected').waitFor({ timeout: 10_000 });
    const [toAnna, toBoris] = await Promise.all([
      softphone.energyOver(2000),
      deskPhoneMedia.energyOver(2000),
    ]);
    expect(toAnna.bytes).toBeGreaterThan(1000);
    expect(toBoris.bytes).toBeGreaterThan(1000);
    expect(toAnna.energy).toBeGreaterThan(0);

    // Anna hangs up: the BYE reaches the IP phone through the PBX.
    await softphone.button('Hang up').click();
    const bye = await deskPhone.waitForRequest((r) => r.method === 'BYE', 10_000);
    respond(deskPhone, bye, 200);
    await softphone.page.getByText('Connected').waitFor({ state: 'detached', timeout: 10_000 });
  });
});
