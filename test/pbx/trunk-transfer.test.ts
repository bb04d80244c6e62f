import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../pbx/sip/message';
import {
  addCompanyNumber,
  carrierInDialog,
  carrierInvite,
  COMPANY_NUMBER,
  startPbxWithCarrier,
} from '../support/carrier';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import type { RawSipClient } from '../support/raw-sip-client';
import { requestWithDigest } from '../support/raw-sip-client';
import dgram from 'node:dgram';
import { PLAIN_OFFER, plainSdp } from '../../pbx/media/test-sdp';
import { startRtpengine, type TestRtpengine } from '../support/rtpengine';
import { closeSipClients, registeredDevice } from '../support/sip-devices';
import { answer, hangUp, nextInvite, respond, sendInDialog } from '../support/sip-peer';
import { freePort, runSipp } from '../support/sipp';
import { audioPort, browserAnswer } from './media/sdp-answers';

const MSK = COMPANY_NUMBER;
const CLIENT = '+78127654321';

let rtpengine: TestRtpengine;
let pbx: TestPbx;
let carrier: RawSipClient;
/** Carriers opened by the current test, closed after it. */
const carriers: RawSipClient[] = [];

beforeAll(async () => {
  rtpengine = await startRtpengine();
});
afterAll(() => rtpengine?.stop());
afterEach(async () => {
  closeSipClients();
  for (const opened of carriers.splice(0)) opened.close();
  await pbx?.stop();
});

/** A client's call to the company number, answered by Anna's softphone; Boris is a colleague. */
async function clientTalksToAnna() {
  ({ pbx, carrier } = await startPbxWithCarrier({
    rtpengine: { host: rtpengine.host, port: rtpengine.ngPort },
  }));
  carriers.push(carrier);
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  await addCompanyNumber(pbx, anna.id);
  const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password, 'ws');
  const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
  const call = carrierInvite(carrier, pbx.pbx.ports.sip, MSK, CLIENT);
  carrier.send(call.invite);
  const atAnna = await nextInvite(annaPhone);
  respond(annaPhone, atAnna, 200, { body: browserAnswer(atAnna.body.toString(), 50000) });
  const ok = await carrier.waitFor(
    (r) => r.status === 200 && r.headers.get('call-id') === call.callId,
    5000,
  );
  carrier.send(carrierInDialog(carrier, call, ok, 'ACK', 1));
  return { anna, boris, annaPhone, borisPhone, call, ok, atAnna };
}

/** The sipfrags of the NOTIFYs Anna's phone got, answering each. */
function sipfrags(phone: RawSipClient): string[] {
  return phone.requests
    .filter((r) => r.method === 'NOTIFY')
    .map((notify) => notify.body.toString().trim());
}

function answerNotifies(phone: RawSipClient): () => void {
  const answered = new Set<SipRequest>();
  const timer = setInterval(() => {
    for (const notify of phone.requests.filter((r) => r.method === 'NOTIFY')) {
      if (answered.has(notify)) continue;
      answered.add(notify);
      respond(phone, notify, 200);
    }
  }, 20);
  return () => clearInterval(timer);
}

describe('transfer of a carrier call by the PBX (the carrier never sees a REFER)', () => {
  it('blind: Anna transfers the client to Boris; the client talks to Boris, Anna’s line is free', async () => {
    const { anna, boris, annaPhone, borisPhone, call, atAnna, ok } = await clientTalksToAnna();
    const stop = answerNotifies(annaPhone);
    const refer = await sendInDialog(annaPhone, atAnna, 'REFER', '', [
      `Refer-To: <sip:${boris.sipNumber}@${TEST_DOMAIN}>`,
      `Referred-By: <sip:${anna.sipNumber}@${TEST_DOMAIN}>`,
    ]);
    expect(refer.status).toBe(202);

    const atBoris = await nextInvite(borisPhone);
    expect(/sip:([^@]+)@/.exec(atBoris.headers.get('from') ?? '')?.[1]).toBe(CLIENT);
    expect(atBoris.headers.get('referred-by')).toContain(anna.sipNumber);
    const offer = atBoris.body.toString();
    expect(offer).toMatch(/m=audio \d+ RTP\/AVP/);
    // Boris's phone answers with a media port of its own: the client's audio must reach it.
    const borisMedia = dgram.createSocket('udp4');
    await new Promise<void>((r) => borisMedia.bind(0, '127.0.0.1', () => r()));
    let packetsAtBoris = 0;
    borisMedia.on('message', () => packetsAtBoris++);
    const pcma: [number, string][] = [[8, 'PCMA/8000']];
    respond(borisPhone, atBoris, 180);
    respond(borisPhone, atBoris, 200, { body: plainSdp(borisMedia.address().port, pcma) });
    await until(() => sipfrags(annaPhone).includes('SIP/2.0 200 OK'), 3000, 'final sipfrag');
    // The carrier keeps sending to the port the PBX gave it at the start: no re-negotiation.
    const carrierMedia = dgram.createSocket('udp4');
    const toBridge = audioPort(ok.body.toString());
    for (let seq = 0; seq < 25; seq++) {
      carrierMedia.send(rtpPacket(seq), toBridge, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => packetsAtBoris >= 10, 2000, 'the client’s RTP at Boris');
    carrierMedia.close();
    borisMedia.close();
    expect(sipfrags(annaPhone)[0]).toBe('SIP/2.0 100 Trying');
    const final = annaPhone.requests.filter((r) => r.method === 'NOTIFY').at(-1);
    expect(final?.headers.get('subscription-state')).toMatch(/^terminated/);

    // Anna hangs up her side; the client stays, with Boris.
    expect((await hangUp(annaPhone, atAnna)).status).toBe(200);
    stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(carrier.requests.map((r) => r.method)).toEqual([]);
    await until(
      () => pbx.pbx.dialogs.channels.busyDevices(anna.sipNumber).size === 0,
      2000,
      'Anna’s line free',
    );

    // The client hangs up: Boris's phone gets the BYE.
    carrier.send(carrierInDialog(carrier, call, ok, 'BYE', 2));
    const bye = await borisPhone.waitForRequest((r) => r.method === 'BYE', 3000);
    expect(bye.headers.get('call-id')).toBe(atBoris.headers.get('call-id'));
    respond(borisPhone, bye, 200);
    await pbx.settle();
    expect(
      await pbx.store.callRecords.getByCallId(atBoris.headers.get('call-id') ?? ''),
    ).toMatchObject({
      calleeNumber: boris.sipNumber,
      direction: 'incoming',
      clientNumber: CLIENT,
      companyNumber: MSK,
      transferredBy: anna.sipNumber,
      result: 'answered',
    });
  });

  it('the client hangs up while Anna is still on her transferred leg: Anna gets a BYE too, her line is free', async () => {
    const { anna, boris, annaPhone, borisPhone, call, atAnna, ok } = await clientTalksToAnna();
    const stop = answerNotifies(annaPhone);
    const refer = await sendInDialog(annaPhone, atAnna, 'REFER', '', [
      `Refer-To: <sip:${boris.sipNumber}@${TEST_DOMAIN}>`,
    ]);
    expect(refer.status).toBe(202);
    const atBoris = await nextInvite(borisPhone);
    respond(borisPhone, atBoris, 200);
    await until(() => sipfrags(annaPhone).includes('SIP/2.0 200 OK'), 3000, 'final sipfrag');
    stop();

    carrier.send(carrierInDialog(carrier, call, ok, 'BYE', 2));
    const [toBoris, toAnna] = await Promise.all([
      borisPhone.waitForRequest((r) => r.method === 'BYE', 3000),
      annaPhone.waitForRequest((r) => r.method === 'BYE', 3000),
    ]);
    expect(toAnna.headers.get('call-id')).toBe(atAnna.headers.get('call-id'));
    respond(borisPhone, toBoris, 200);
    respond(annaPhone, toAnna, 200);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'both tracked calls ended');
    expect(pbx.pbx.dialogs.channels.busyDevices(anna.sipNumber).size).toBe(0);
  });

  it('attended: Anna consults Boris first, then the client takes over the consultation’s line', async () => {
    const { anna, boris, annaPhone, borisPhone, atAnna } = await clientTalksToAnna();
    // Anna consults on her second line; Boris has one channel, which the transfer takes over.
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, {
      channels: 2,
      multiTerminal: true,
    });
    const deskPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const consultation = requestWithDigest(deskPhone, {
      method: 'INVITE',
      uri: `sip:${boris.sipNumber}@${TEST_DOMAIN}`,
      sipNumber: anna.sipNumber,
      password: anna.password,
      headers: ['Content-Type: application/sdp'],
      body: PLAIN_OFFER,
    });
    const consulted = await nextInvite(borisPhone);
    respond(borisPhone, consulted, 200);
    const consultOk = await consultation;
    expect(consultOk.status).toBe(200);
    const tag = (header: string | undefined) => /;tag=([^;>\s]+)/.exec(header ?? '')?.[1];
    const replaces = encodeURIComponent(
      `${consulted.headers.get('call-id')};to-tag=${tag(consultOk.headers.get('to'))};from-tag=${tag(consultOk.headers.get('from'))}`,
    );

    const stop = answerNotifies(annaPhone);
    const refer = await sendInDialog(annaPhone, atAnna, 'REFER', '', [
      `Refer-To: <sip:${boris.sipNumber}@${TEST_DOMAIN}?Replaces=${replaces}>`,
    ]);
    expect(refer.status).toBe(202);
    const takeover = await borisPhone.waitForRequest(
      (r) => r.method === 'INVITE' && r.headers.has('replaces'),
      3000,
    );
    expect(takeover.headers.get('replaces')).toContain(consulted.headers.get('call-id'));
    respond(borisPhone, takeover, 200);
    await until(() => sipfrags(annaPhone).includes('SIP/2.0 200 OK'), 3000, 'final sipfrag');
    stop();
    expect(carrier.requests).toEqual([]);
  });

  it('Boris is busy: Anna hears why and keeps the client', async () => {
    const { boris, annaPhone, borisPhone, atAnna } = await clientTalksToAnna();
    const stop = answerNotifies(annaPhone);
    const refer = await sendInDialog(annaPhone, atAnna, 'REFER', '', [
      `Refer-To: <sip:${boris.sipNumber}@${TEST_DOMAIN}>`,
    ]);
    expect(refer.status).toBe(202);
    respond(borisPhone, await nextInvite(borisPhone), 486);
    await until(() => sipfrags(annaPhone).includes('SIP/2.0 486 Busy Here'), 3000, 'busy');
    stop();
    expect(carrier.requests.map((r) => r.method)).toEqual([]);
    expect(pbx.pbx.dialogs.size).toBe(1);
  });

  it('a transfer to an unknown number is refused at once; the call goes on', async () => {
    const { annaPhone, atAnna } = await clientTalksToAnna();
    const refer = await sendInDialog(annaPhone, atAnna, 'REFER', '', [
      `Refer-To: <sip:0999999@${TEST_DOMAIN}>`,
    ]);
    expect(refer.status).toBe(202);
    const stop = answerNotifies(annaPhone);
    await until(() => sipfrags(annaPhone).includes('SIP/2.0 404 Not Found'), 3000, 'refused');
    stop();
    expect(carrier.requests).toEqual([]);
  });

  it('with SIPp as the carrier: the call goes on through the transfer and the client’s BYE reaches Boris', async () => {
    const trunkPort = await freePort();
    pbx = await startTestPbx({
      trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
      rtpengine: { host: rtpengine.host, port: rtpengine.ngPort },
    });
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    await addCompanyNumber(pbx, anna.id);
    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password, 'ws');
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    // SIPp fails on any message its scenario does not expect: a REFER or re-INVITE would do.
    const sipp = runSipp({
      scenario: 'carrier-uac.xml',
      remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
      transport: 'u1',
      localPort: trunkPort,
      service: MSK,
      keys: { caller: CLIENT },
      extra: ['-d', '2500'],
    });
    const atAnna = await nextInvite(annaPhone);
    await answer(annaPhone, atAnna, { body: browserAnswer(atAnna.body.toString(), 50000) });
    const stop = answerNotifies(annaPhone);
    const refer = await sendInDialog(annaPhone, atAnna, 'REFER', '', [
      `Refer-To: <sip:${boris.sipNumber}@${TEST_DOMAIN}>`,
    ]);
    expect(refer.status).toBe(202);
    respond(borisPhone, await nextInvite(borisPhone), 200);
    await until(() => sipfrags(annaPhone).includes('SIP/2.0 200 OK'), 3000, 'final sipfrag');
    expect((await hangUp(annaPhone, atAnna)).status).toBe(200);
    stop();
    const bye = await borisPhone.waitForRequest((r) => r.method === 'BYE', 6000);
    respond(borisPhone, bye, 200);
    const run = await sipp.done;
    expect(run.code, `carrier SIPp failed:\n${run.stdout.slice(-1500)}\n${run.errors}`).toBe(0);
  });
});

/** One 20 ms PCMA RTP packet (RFC 3550 header, A-law silence). */
function rtpPacket(seq: number): Buffer {
  const packet = Buffer.alloc(12 + 160, 0xd5);
  packet[0] = 0x80;
  packet[1] = 8;
  packet.writeUInt16BE(seq, 2);
  packet.writeUInt32BE(seq * 160, 4);
  packet.writeUInt32BE(0x5eed, 8);
  return packet;
}
