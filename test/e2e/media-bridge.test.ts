import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import type { SipMessage } from '../../pbx/sip/message';
import { formatStartLine } from '../../pbx/sip/serializer';
import type { Flow } from '../../pbx/sip/transport/flow';
import { openSqliteStore, type CallRecord, type Store } from '../../pbx/store';
import { RawSipClient } from '../support/raw-sip-client';
import { startRtpengine, type TestRtpengine } from '../support/rtpengine';
import { freePort } from '../support/sipp';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import { captureRtp, sentTo, summarise, telephoneEvent, type RtpCapture } from './rtp-capture';
import {
  carrierAnswering,
  carrierCalling,
  expectSucceeded,
  killSippPeers,
  mediaIpPhone,
  type SippMediaPeer,
} from './sipp-media';
import { expectAudioAtSoftphone } from './interop';
import { Softphone } from './softphone';

const MSK = '+74952300000';
const CLIENT = '+78127654321';
const PCMA = 8;
/** A second of 20 ms packets: what "audio arrives" means here. */
const ONE_SECOND = 50;
const BRIDGE_DOWN =
  'The call could not be connected: the phone system cannot carry its audio right now.';

let rtpengine: TestRtpengine;
let store: Store;
let pbx: RunningPbx;
let browser: Browser;
let trunkPort: number;
let companyId: number;
let companyNumberId: number;
/** The SIP messages the PBX received, numbered, newest last (its `observeMessage` hook). */
const received: { seq: number; message: SipMessage; flow: Flow }[] = [];
let receivedCount = 0;
const phones: Softphone[] = [];
const captures: RtpCapture[] = [];
/** What a test started besides phones, peers and captures, closed in order after it. */
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  rtpengine = await startRtpengine();
  store = await openSqliteStore(':memory:');
  companyId = (await store.companies.create({ name: 'E2E' })).id;
  companyNumberId = (
    await store.forCompany(companyId).companyNumbers.create({
      number: MSK,
      region: 'Москва',
      enabled: true,
      isDefault: true,
      inboundEmployeeId: null,
    })
  ).id;
  trunkPort = await freePort();
  pbx = await startE2ePbx(store, {
    trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort },
    rtpengine: { host: rtpengine.host, port: rtpengine.ngPort },
    observeMessage: (message, flow) => {
      received.push({ seq: ++receivedCount, message, flow });
      if (received.length > 300) received.shift();
    },
  });
  browser = await launchChromium();
});

afterEach(async (context) => {
  const peers = await killSippPeers();
  await Promise.all(captures.splice(0).map((capture) => capture.stop()));
  await Promise.all(phones.splice(0).map((phone) => phone.close()));
  for (const close of closers.splice(0)) await close();
  if (context.task.result?.state === 'fail') {
    console.error(`${context.task.name}\n\nthe SIPp peers:\n${peers}\n\n${diagnostics()}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
  await store?.close();
  await rtpengine?.stop();
});

/** The SIP the PBX received lately and the end of rtpengine's log, for failure messages. */
function diagnostics(): string {
  const sip = received
    .slice(-30)
    .map(({ message, flow }) => `${flow.id} → ${formatStartLine(message)}`)
    .join('\n');
  return `SIP the PBX received (latest):\n${sip}\n\nrtpengine's log (end):\n${rtpengine.log().slice(-3000)}`;
}

async function employee(
  name: string,
  settings: { multiTerminal?: boolean } = {},
  on = store,
  running = pbx,
) {
  const company = on.forCompany((await on.companies.list())[0]!.id);
  const created = await createEmployee(company, { name }, DOMAIN);
  await company.sipNumbers.updateSettings(created.sipNumber, settings);
  await running.directory.sync();
  return { id: created.employee.id, sipNumber: created.sipNumber, password: created.password };
}
type Person = Awaited<ReturnType<typeof employee>>;

/** A softphone in Chromium, signed in to `on` (this file's PBX unless given) and registered. */
async function signedIn(person: Person, on: RunningPbx = pbx): Promise<Softphone> {
  const phone = await Softphone.open(browser, `http://127.0.0.1:${on.ports.http}/`);
  phones.push(phone);
  await phone.signIn(`ws://127.0.0.1:${on.ports.http}`, person.sipNumber, person.password);
  await shows(phone, `Registered as ${person.sipNumber}`, 10_000);
  return phone;
}

/** Waits for what the page should say; on failure says what it says instead. */
async function shows(phone: Softphone, text: string | RegExp, timeout = 15_000): Promise<void> {
  await phone.page
    .getByText(text)
    .first()
    .waitFor({ timeout })
    .catch(async (error: unknown) => {
      const screen = await phone.page.locator('body').innerText();
      expect.fail(`${String(error)}\n\nthe page says:\n${screen}\n\n${diagnostics()}`);
    });
}

/** A second of audio with sound in it reaches the softphone; else says what the PBX saw. */
const expectAudioArrives = (phone: Softphone, what: string) =>
  expectAudioAtSoftphone(phone, what, diagnostics);

async function capture(port: number): Promise<RtpCapture> {
  const started = await captureRtp(port);
  captures.push(started);
  return started;
}

/** Polls until the PBX has recorded every call of `sipNumber` as over; returns them, oldest first. */
async function endedCalls(sipNumber: string, count: number): Promise<CallRecord[]> {
  let calls: CallRecord[] = [];
  const over = async () => {
    await pbx.dialogs.flush();
    calls = (await store.forCompany(companyId).callRecords.list())
      .filter((call) => call.callerNumber === sipNumber || call.calleeNumber === sipNumber)
      .reverse();
    return calls.length === count && calls.every((call) => call.endedAt !== null);
  };
  await expect
    .poll(over, { timeout: 10_000, message: `the calls of ${sipNumber} end` })
    .toBe(true)
    .catch(() => expect.fail(`calls of ${sipNumber} not over: ${JSON.stringify(calls)}`));
  return calls;
}

/** The payload type the carrier answered for telephone-event/8000 (its 200's SDP). */
function eventTypeOf(carrier: SippMediaPeer): number {
  const ok = received.findLast(
    ({ message, flow }) =>
      flow.remotePort === trunkPort &&
      'status' in message &&
      message.status === 200 &&
      message.body.length > 0,
  );
  const match = /a=rtpmap:(\d+) telephone-event\/8000/.exec(ok?.message.body.toString() ?? '');
  if (!match) expect.fail(`no telephone-event in the carrier's 200:\n${carrier.messages()}`);
  return Number(match[1]);
}

describe('media bridge end to end (Chromium, rtpengine, SIPp)', () => {
  it('a softphone calls a client: rtpengine sends the carrier PCMA, its echo reaches the browser', async () => {
    const anna = await employee('Anna Ivanova');
    const phone = await signedIn(anna);
    const carrier = await carrierAnswering(trunkPort);
    const rtp = await capture(carrier.mediaPort);

    await phone.dial(CLIENT);
    await shows(phone, 'Connected');
    // The browser offers DTLS: rtpengine must stay passive toward it from the offer on.
    await expectAudioArrives(phone, 'the carrier’s echo, through rtpengine');
    await phone.button('Hang up').click();
    await expectSucceeded(carrier);

    const packets = await rtp.stop();
    const toCarrier = sentTo(packets, carrier.mediaPort);
    expect(
      toCarrier.filter((p) => p.payloadType === PCMA).length,
      `PCMA from rtpengine to the carrier's media port ${carrier.mediaPort}:\n${summarise(packets)}`,
    ).toBeGreaterThanOrEqual(ONE_SECOND / 2);
    expect(
      sentTo(packets, toCarrier[0]!.srcPort).length,
      `RTP the carrier (SIPp -rtp_echo) sent back:\n${summarise(packets)}`,
    ).toBeGreaterThanOrEqual(ONE_SECOND / 2);
    const [call] = await endedCalls(anna.sipNumber, 1);
    expect([call?.direction, call?.result, call?.clientNumber]).toEqual([
      'outgoing',
      'answered',
      CLIENT,
    ]);
  });

  it('a client calls the company number: the softphone shows the client, answers, audio flows both ways', async () => {
    const boris = await employee('Boris Petrov');
    await store
      .forCompany(companyId)
      .companyNumbers.update(companyNumberId, { inboundEmployeeId: boris.id });
    const phone = await signedIn(boris);
    const carrier = await carrierCalling(pbx.ports.sip, trunkPort, { to: MSK, from: CLIENT });
    const rtp = await capture(carrier.mediaPort);

    await phone.button('Answer').waitFor({ timeout: 15_000 });
    await shows(phone, CLIENT, 1000);
    await phone.button('Answer').click();
    await shows(phone, 'Connected');
    // The carrier plays a recorded voice (PCMA); rtpengine relays it over DTLS-SRTP.
    await expectAudioArrives(phone, 'the voice the carrier plays');
    // And the browser's microphone reaches the carrier as PCMA.
    await expect
      .poll(() => sentTo(rtp.packets(), carrier.mediaPort).length, { timeout: 5000 })
      .toBeGreaterThanOrEqual(ONE_SECOND)
      .catch(() => expect.fail(`the browser's audio at the carrier:\n${summarise(rtp.packets())}`));
    await phone.button('Hang up').click();
    await expectSucceeded(carrier);

    const toCarrier = sentTo(await rtp.stop(), carrier.mediaPort);
    expect(
      toCarrier.every((p) => p.payloadType === PCMA),
      `the browser's audio at the carrier:\n${summarise(toCarrier)}`,
    ).toBe(true);
    const [call] = await endedCalls(boris.sipNumber, 1);
    expect([call?.direction, call?.result, call?.companyNumber]).toEqual([
      'incoming',
      'answered',
      MSK,
    ]);
  });

  it('a multi-terminal number with a softphone and an IP phone: either answers and talks', async () => {
    const vera = await employee('Vera Smirnova');
    const boris = await employee('Boris Petrov', { multiTerminal: true });
    const caller = await signedIn(vera);
    const borisSoftphone = await signedIn(boris);
    const deskPhone = await mediaIpPhone(pbx.ports.sip, boris);
    expect(
      pbx.bindings
        .list(boris.sipNumber)
        .map((b) => b.flow.protocol)
        .sort(),
    ).toEqual(['udp', 'ws']);

    // The IP phone answers: its branch is bridged (WebRTC ↔ PCMU) and echoes Vera's audio.
    const answering = await deskPhone.answers();
    await caller.dial(boris.sipNumber);
    await borisSoftphone.button('Answer').waitFor({ timeout: 10_000 });
    await shows(borisSoftphone, 'Answered on another device.');
    await shows(caller, 'Connected');
    await expectAudioArrives(caller, 'the IP phone’s echo, bridged by rtpengine');
    await caller.button('Hang up').click();
    await expectSucceeded(answering);

    // A new call, the softphone answers once the IP phone rings too: WebRTC end to end.
    const ringing = await deskPhone.ringsUntilCancelled();
    const dialledAt = receivedCount;
    await caller.dial(boris.sipNumber);
    await expect
      .poll(
        () =>
          received.some(
            ({ seq, message, flow }) =>
              seq > dialledAt &&
              flow.remotePort === deskPhone.port &&
              'status' in message &&
              message.status === 180,
          ),
        { timeout: 10_000, message: 'the IP phone rings' },
      )
      .toBe(true);
    await borisSoftphone.button('Answer').click();
    await shows(caller, 'Connected');
    await expectAudioArrives(caller, 'Boris’s softphone, heard by Vera');
    await expectAudioArrives(borisSoftphone, 'Vera’s softphone, heard by Boris');
    await expectSucceeded(ringing);
    await caller.button('Hang up').click();

    const calls = await endedCalls(boris.sipNumber, 2);
    expect(calls.map((call) => [call.result, call.calleeDevice])).toEqual([
      ['answered', 'third-party SIPp'],
      ['answered', expect.stringMatching(/^softphone-web/)],
    ]);
  });

  it('rtpengine does not answer: the call is refused in words, and the dialer works again', async () => {
    const downStore = await openSqliteStore(':memory:');
    const downCompany = (await downStore.companies.create({ name: 'E2E' })).id;
    const carrierPort = await freePort();
    const down = await startE2ePbx(downStore, {
      trunk: { transport: 'udp', host: '127.0.0.1', port: carrierPort },
      rtpengine: { host: '127.0.0.1', port: await freePort() }, // nobody listens there
    });
    const carrier = await RawSipClient.connect('udp', down.ports.sip, carrierPort);
    closers.push(
      () => carrier.close(),
      () => down.stop(),
      () => downStore.close(),
    );
    await downStore.forCompany(downCompany).companyNumbers.create({
      number: MSK,
      region: 'Москва',
      enabled: true,
      isDefault: true,
      inboundEmployeeId: null,
    });
    const gleb = await employee('Gleb Orlov', {}, downStore, down);
    const phone = await signedIn(gleb, down);

    // Twice: a line still held by the first refusal would refuse the second as busy.
    for (const attempt of [1, 2]) {
      await phone.dial(CLIENT);
      const refusal = phone.page.getByRole('alert').filter({ hasText: BRIDGE_DOWN });
      await refusal.waitFor({ timeout: 10_000 });
      // The ended call leaves the screen (its line is free again); history keeps the sentence.
      await refusal.waitFor({ state: 'detached', timeout: 10_000 });
      await expect
        .poll(() => phone.button('Call').isEnabled(), {
          message: `dialer after attempt ${attempt}`,
        })
        .toBe(true);
    }
    expect(carrier.requests, 'the carrier is never dialled').toHaveLength(0);
    await down.dialogs.flush();
    expect(down.dialogs.size).toBe(0);
    const calls = await downStore.forCompany(downCompany).callRecords.list();
    expect(calls.map((call) => [call.result, call.status])).toEqual([
      ['failed', 503],
      ['failed', 503],
    ]);
  });

  it('DTMF: keys pressed on the call screen reach the carrier as RFC 4733 events', async () => {
    const galina = await employee('Galina Orlova');
    const phone = await signedIn(galina);
    const carrier = await carrierAnswering(trunkPort);
    const rtp = await capture(carrier.mediaPort);

    await phone.dial(CLIENT);
    await shows(phone, 'Connected');
    await expectAudioArrives(phone, 'the carrier’s echo'); // the media path is up
    const eventType = eventTypeOf(carrier);
    await phone.pressTones('5#');
    const digits = () =>
      sentTo(rtp.packets(), carrier.mediaPort)
        .map((packet) => telephoneEvent(packet, eventType))
        .filter((event) => event?.end)
        .map((event) => event!.event)
        .filter((event, i, all) => all[i - 1] !== event); // one per digit: ends repeat (§2.5.1.4)
    await expect
      .poll(digits, { timeout: 5000 })
      .toEqual([5, 11])
      .catch(() =>
        expect.fail(
          `digits at the carrier's media port ${carrier.mediaPort} (events PT ${eventType}): ` +
            `${JSON.stringify(digits())}\n${summarise(rtp.packets())}\n\n${diagnostics()}`,
        ),
      );
    expect(await phone.tonesSent()).toBe('5#');
    await phone.button('Hang up').click();
    await expectSucceeded(carrier);
  });
});
