import { startPbxWithCarrier } from '../support/carrier';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import type { RawSipClient } from '../support/raw-sip-client';
import { requestWithDigest } from '../support/raw-sip-client';
import { closeSipClients, sipClient } from '../support/sip-devices';
import { nextInvite, respond } from '../support/sip-peer';

const CLIENT = '+78127654321';
const OFFER =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';

let pbx: TestPbx;
let carrier: RawSipClient;

afterEach(async () => {
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

/** Anna's softphone (a WebSocket) calls a client; the carrier answers. */
async function answeredCall(sessionHeaders: string[] = [], probeSeconds?: number) {
  // With a probe: T1 = 50 ms, so a probe nobody answers times out in 3.2 s (Timer F).
  const probe = probeSeconds ? { callProbeSeconds: probeSeconds, sipTimers: { T1: 50 } } : {};
  ({ pbx, carrier } = await startPbxWithCarrier(probe));
  const anna = await pbx.addEmployee('Anna Ivanova');
  await pbx.company.companyNumbers.create({
    number: '+74952300000',
    region: 'Москва',
    enabled: true,
    isDefault: true,
    inboundEmployeeId: null,
  });
  const softphone = await sipClient(pbx, 'ws');
  const final = requestWithDigest(softphone, {
    method: 'INVITE',
    uri: `sip:${CLIENT}@${TEST_DOMAIN}`,
    sipNumber: anna.sipNumber,
    password: anna.password,
    headers: ['Content-Type: application/sdp', ...sessionHeaders],
    body: OFFER,
  });
  const invite = await nextInvite(carrier);
  respond(carrier, invite, 200);
  const ok = await final;
  expect(ok.status).toBe(200);
  return { anna, softphone, invite, ok };
}

describe('carrier calls whose employee side is gone', () => {
  it('the softphone’s connection closes mid-call: the carrier gets a BYE at once, the line is free', async () => {
    const { anna, softphone, invite } = await answeredCall();
    softphone.close();
    const bye = await carrier.waitForRequest((r) => r.method === 'BYE', 3000);
    expect(bye.headers.get('call-id')).toBe(invite.headers.get('call-id'));
    respond(carrier, bye, 200);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    await pbx.settle();
    expect(pbx.pbx.dialogs.channels.busyDevices(anna.sipNumber).size).toBe(0);
  });

  it('the softphone is told to refresh its session; when it stops, the PBX hangs up the carrier', async () => {
    const { ok } = await answeredCall(['Session-Expires: 2', 'Supported: timer']);
    expect(ok.headers.get('session-expires')).toBe('2;refresher=uac');
    expect(ok.headers.get('require')).toBe('timer');
    const bye = await carrier.waitForRequest((r) => r.method === 'BYE', 5000);
    respond(carrier, bye, 200);
    expect(pbx.pbx.dialogs.size).toBe(0);
  });

  it('a refresh without an offer (UPDATE) is answered by the PBX; the carrier sees nothing', async () => {
    const { softphone, ok } = await answeredCall(['Session-Expires: 90']);
    softphone.send(
      [
        `UPDATE ${/<([^>]+)>/.exec(ok.headers.get('contact') ?? '')?.[1]} SIP/2.0`,
        'Via: SIP/2.0/WS softphone.invalid;branch=z9hG4bKrefresh1',
        'Max-Forwards: 70',
        `From: ${ok.headers.get('from')}`,
        `To: ${ok.headers.get('to')}`,
        `Call-ID: ${ok.headers.get('call-id')}`,
        'CSeq: 10 UPDATE',
        'Session-Expires: 90',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const update = await softphone.waitFor((r) => r.headers.get('cseq') === '10 UPDATE');
    expect(update.status).toBe(200);
    expect(update.headers.get('session-expires')).toBe('90;refresher=uac');
    expect(carrier.requests.filter((r) => r.method === 'UPDATE')).toEqual([]);
  });
});

describe('carrier calls whose far end vanished without BYE (dead-call detection)', () => {
  const isOptions = (r: { method: string }) => r.method === 'OPTIONS';

  it('the carrier forgot the call (481 to the probe): the softphone gets a BYE, the line is free', async () => {
    const { anna, softphone } = await answeredCall([], 1);
    const probe = await carrier.waitForRequest(isOptions, 3000);
    respond(carrier, probe, 481);
    const bye = await softphone.waitForRequest((r) => r.method === 'BYE', 2000);
    respond(softphone, bye, 200);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    expect(pbx.pbx.dialogs.channels.busyDevices(anna.sipNumber).size).toBe(0);
  });

  it('the softphone no longer answers: the carrier gets a BYE once the probe times out', async () => {
    const { softphone, invite } = await answeredCall([], 1);
    await softphone.waitForRequest(isOptions, 3000);
    // The carrier answers its own probes; the softphone stays silent.
    const answered = new Set<string>();
    const timer = setInterval(() => {
      for (const r of carrier.requests.filter(isOptions)) {
        const branch = r.headers.get('via') ?? '';
        if (answered.has(branch)) continue;
        respond(carrier, r, 200);
        answered.add(branch);
      }
    }, 100);
    try {
      const bye = await carrier.waitForRequest((r) => r.method === 'BYE', 8000);
      expect(bye.headers.get('call-id')).toBe(invite.headers.get('call-id'));
      respond(carrier, bye, 200);
      await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
    } finally {
      clearInterval(timer);
    }
  });

  it('both sides answer the probe (501 from a softphone is an answer): the call goes on', async () => {
    const { softphone } = await answeredCall([], 1);
    for (let round = 1; round <= 2; round++) {
      await until(
        () =>
          softphone.requests.filter(isOptions).length >= round &&
          carrier.requests.filter(isOptions).length >= round,
        4000,
        `probe ${round}`,
      );
      respond(softphone, softphone.requests.filter(isOptions).at(-1)!, 501);
      respond(carrier, carrier.requests.filter(isOptions).at(-1)!, 200);
    }
    expect(pbx.pbx.dialogs.size).toBe(1);
    expect(carrier.requests.some((r) => r.method === 'BYE')).toBe(false);
  });
});
