import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmployee } from '../../pbx/directory';
import type { RunningPbx } from '../../pbx/server';
import type { SipMessage } from '../../pbx/sip/message';
import { formatStartLine } from '../../pbx/sip/serializer';
import type { Flow } from '../../pbx/sip/transport/flow';
import { openSqliteStore, type Store } from '../../pbx/store';
import { Baresip } from '../support/baresip';
import { startRtpengine, type TestRtpengine } from '../support/rtpengine';
import { launchChromium } from './browser';
import { E2E_DOMAIN as DOMAIN, startE2ePbx } from './e2e-pbx';
import {
  expectAudioAtBaresip,
  expectAudioAtSoftphone,
  expectSilenceAtBaresip,
  fromBaresip,
  remoteEventType,
} from './interop';
import { captureRtp, summarise, telephoneEvent, type RtpCapture } from './rtp-capture';
import { Softphone } from './softphone';

/**
 * Interop with a SIP phone nobody on the project wrote (issue 21): Debian's baresip 1.0 over
 * UDP and TCP against the PBX, calling the web softphone in Chromium through a real rtpengine.
 * One PBX, one rtpengine and one Chromium for the file; each test opens its own contexts.
 */

let rtpengine: TestRtpengine;
let store: Store;
let pbx: RunningPbx;
let browser: Browser;
let companyId: number;
const received: { message: SipMessage; flow: Flow }[] = [];
const phones: Softphone[] = [];
const baresips: Baresip[] = [];
const captures: RtpCapture[] = [];

beforeAll(async () => {
  rtpengine = await startRtpengine();
  store = await openSqliteStore(':memory:');
  companyId = (await store.companies.create({ name: 'E2E' })).id;
  pbx = await startE2ePbx(store, {
    rtpengine: { host: rtpengine.host, port: rtpengine.ngPort },
    observeMessage: (message, flow) => {
      received.push({ message, flow });
      if (received.length > 200) received.shift();
    },
  });
  browser = await launchChromium();
});

afterEach(async (context) => {
  await Promise.all(captures.splice(0).map((capture) => capture.stop()));
  const logs = baresips.map((b) => `baresip ${b.account.sipNumber}:\n${b.log().slice(-1500)}`);
  await Promise.all(baresips.splice(0).map((b) => b.stop()));
  await Promise.all(phones.splice(0).map((phone) => phone.close()));
  if (context.task.result?.state === 'fail') {
    console.error(`${context.task.name}\n\n${logs.join('\n\n')}\n\n${diagnostics()}`);
  }
});

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
  await store?.close();
  await rtpengine?.stop();
});

function diagnostics(): string {
  const sip = received
    .slice(-40)
    .map(({ message, flow }) => `${flow.protocol} ${flow.remotePort} → ${formatStartLine(message)}`)
    .join('\n');
  return `SIP the PBX received (latest):\n${sip}\n\nrtpengine's log (end):\n${rtpengine.log().slice(-1500)}`;
}

type Person = { name: string; sipNumber: string; password: string };

/** An employee with a one-device, one-channel number (the defaults) unless told otherwise. */
async function employee(name: string): Promise<Person> {
  const company = store.forCompany(companyId);
  const created = await createEmployee(company, { name }, DOMAIN);
  await company.sipNumbers.updateSettings(created.sipNumber, { channels: 1, multiTerminal: false });
  await pbx.directory.sync();
  return { name, sipNumber: created.sipNumber, password: created.password };
}

async function signedIn(person: Person): Promise<Softphone> {
  const phone = await Softphone.open(browser, `http://127.0.0.1:${pbx.ports.http}/`);
  phones.push(phone);
  await phone.signIn(`ws://127.0.0.1:${pbx.ports.http}`, person.sipNumber, person.password);
  await shows(phone, `Registered as ${person.sipNumber}`, 10_000);
  return phone;
}

/** baresip started for `person` over `transport` (not yet registered). */
async function startBaresip(person: Person, transport: 'udp' | 'tcp', configDir?: string) {
  const account = { ...person, pbxSipPort: pbx.ports.sip, transport };
  const phone = await Baresip.start(account, { configDir });
  baresips.push(phone);
  return phone;
}

/** baresip registered for `person` over `transport`. */
async function deskPhone(person: Person, transport: 'udp' | 'tcp', configDir?: string) {
  const phone = await startBaresip(person, transport, configDir);
  await phone.waitFor('REGISTER_OK');
  return phone;
}

/** A SIP URI of this PBX that baresip dials or transfers to (it adds its own `transport`). */
const uriOf = (person: Person) => `sip:${person.sipNumber}@127.0.0.1:${pbx.ports.sip}`;

/** The softphone calls baresip, baresip answers: both show the call established. */
async function softphoneCallsBaresip(softphone: Softphone, phone: Baresip, callee: Person) {
  const before = phone.events.length;
  await softphone.dial(callee.sipNumber);
  await phone.waitFor('CALL_INCOMING', { after: before });
  await phone.accept();
  await phone.waitFor('CALL_ESTABLISHED', { after: before });
  await shows(softphone, 'Connected');
}

/** baresip calls the softphone, which answers. */
async function baresipCallsSoftphone(phone: Baresip, softphone: Softphone, callee: Person) {
  const before = phone.events.length;
  await phone.dial(uriOf(callee));
  await softphone.button('Answer').click({ timeout: 10_000 });
  await phone.waitFor('CALL_ESTABLISHED', { after: before });
  await shows(softphone, 'Connected');
}

/** The transfer target answers; if it never rings, says what baresip and the transferor saw. */
async function answers(target: Softphone, desk: Baresip, other: Softphone) {
  await target
    .button('Answer')
    .click({ timeout: 15_000 })
    .catch(async (error: unknown) => {
      const events = desk.events.map((e) => `${e.type}(${e.param ?? ''})`).join(', ');
      const screen = await other.page.locator('body').innerText();
      expect.fail(
        `the target never rang: ${String(error)}\nbaresip's events: ${events}\n` +
          `the other softphone says:\n${screen}\n\n${diagnostics()}`,
      );
    });
}

/** Dora's desk phone (baresip over UDP), Anna's and Cleo's softphones: one channel each. */
async function transferParties() {
  const [dora, anna, cleo] = [
    await employee('Dora'),
    await employee('Anna Ivanova'),
    await employee('Cleo'),
  ];
  const desk = await deskPhone(dora, 'udp');
  const [a, c] = await Promise.all([signedIn(anna), signedIn(cleo)]);
  return { dora, anna, cleo, desk, a, c };
}

/** Opens Transfer on the softphone's call, types the number and presses Transfer now. */
async function transferNow(phone: Softphone, number: string) {
  await phone.button('Transfer').click();
  const dialog = phone.page.getByRole('dialog');
  await dialog.getByRole('searchbox', { name: 'Colleague or SIP number' }).fill(number);
  await dialog.getByRole('button', { name: 'Transfer now' }).click();
}

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

async function capture(phone: Baresip): Promise<RtpCapture> {
  const started = await captureRtp(phone.rtpPortMin, phone.rtpPortMax);
  captures.push(started);
  return started;
}

describe('baresip 1.0 as an IP phone', () => {
  it('registers on a number with a SHA-256 HA1 (libre 1.x is challenged with MD5 alone)', async () => {
    const ada = await employee('Ada');
    const phone = await startBaresip(ada, 'udp');
    await phone.waitFor('REGISTER_OK', { timeout: 5000 });
  });

  describe.each(['udp', 'tcp'] as const)('over %s', (transport) => {
    it('registers, and calls a softphone through rtpengine with audio both ways', async () => {
      const [dora, anna] = [await employee(`Dora ${transport}`), await employee('Anna')];
      const desk = await deskPhone(dora, transport);
      expect(pbx.bindings.list(dora.sipNumber).map((b) => b.flow.protocol)).toEqual([transport]);
      const softphone = await signedIn(anna);
      const rtp = await capture(desk);

      await baresipCallsSoftphone(desk, softphone, anna);
      const heard = await expectAudioAtSoftphone(softphone, 'baresip’s tone at the softphone');
      const atDesk = await expectAudioAtBaresip(desk, rtp, 'the browser’s beeps at baresip');
      expect(heard.bytes).toBeGreaterThan(1000);
      expect(atDesk.packets).toBeGreaterThanOrEqual(50);
      expect(
        fromBaresip(desk, rtp.packets()).every((p) => p.payloadType === 0 || p.payloadType === 8),
        `baresip sends G.711 only:\n${summarise(rtp.packets())}`,
      ).toBe(true);

      const before = desk.events.length;
      await softphone.button('Hang up').click();
      await desk.waitFor('CALL_CLOSED', { after: before });
    });
  });

  it('DTMF as RFC 4733 both ways', async () => {
    const [dora, anna] = [await employee('Dora'), await employee('Anna')];
    const desk = await deskPhone(dora, 'udp');
    const softphone = await signedIn(anna);
    await softphoneCallsBaresip(softphone, desk, dora);
    await expectAudioAtSoftphone(softphone, 'the call’s media path');

    // The softphone's keys in the audio: baresip reports each digit it decoded.
    await softphone.pressTones('5#');
    await expect.poll(() => desk.digitsReceived(), { timeout: 5000 }).toBe('5#');

    // baresip's keys in the audio (RFC 4733): rtpengine relays the events to the browser.
    const rtpOfBridge = await captureRtp(rtpengine.portMin, rtpengine.portMax);
    captures.push(rtpOfBridge);
    const browserEventType = await remoteEventType(softphone);
    // tshark is live once the call's audio shows in the capture (slow to start on a busy machine).
    await expect.poll(() => rtpOfBridge.packets().length, { timeout: 15_000 }).toBeGreaterThan(50);
    await desk.sendDigits('7*');
    const eventsAtBrowser = () =>
      rtpOfBridge
        .packets()
        .filter((p) => p.dstPort < rtpengine.portMin || p.dstPort > rtpengine.portMax)
        .filter((p) => p.dstPort < desk.rtpPortMin || p.dstPort > desk.rtpPortMax)
        .filter((p) => p.payloadType === browserEventType).length;
    await expect
      .poll(eventsAtBrowser, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(6)
      .catch(() =>
        expect.fail(
          `telephone-event (PT ${browserEventType}) toward the browser:\n${summarise(rtpOfBridge.packets())}`,
        ),
      );
    // What baresip sent toward rtpengine: its digits, in its own event payload type (polled:
    // the second digit may still be on its way when the first one's events have arrived).
    const sentDigits = () => {
      const sent = fromBaresip(desk, rtpOfBridge.packets());
      const deskEventType = sent.find((p) => p.payloadType >= 96 && p.payload.length === 4);
      return sent
        .map((p) => telephoneEvent(p, deskEventType?.payloadType ?? -1))
        .filter((event) => event?.end)
        .map((event) => event!.event)
        .filter((event, i, all) => all[i - 1] !== event);
    };
    await expect
      .poll(sentDigits, { timeout: 10_000 })
      .toEqual([7, 10])
      .catch(() => expect.fail(summarise(fromBaresip(desk, rtpOfBridge.packets()))));
  });

  // baresip 1.0 sends DTMF only as RFC 4733 (its `sndcode`); it receives SIP INFO.
  it('DTMF as SIP INFO from the softphone reaches baresip through the bridged dialog', async () => {
    const [dora, anna] = [await employee('Dora'), await employee('Anna')];
    const desk = await deskPhone(dora, 'udp');
    const softphone = await signedIn(anna);
    await softphone.chooseDtmf('As SIP INFO messages');
    await softphoneCallsBaresip(softphone, desk, dora);
    await softphone.pressTones('19');
    await expect
      .poll(() => desk.digitsReceived(), { timeout: 5000 })
      .toBe('19')
      .catch(() => expect.fail(`baresip got "${desk.digitsReceived()}"\n${diagnostics()}`));
    expect(await softphone.tonesSent()).toBe(''); // no RFC 4733 tone besides
  });

  it('hold both ways: the held side hears nothing, resume brings the audio back', async () => {
    const [dora, anna] = [await employee('Dora'), await employee('Anna')];
    const desk = await deskPhone(dora, 'udp');
    const softphone = await signedIn(anna);
    const rtp = await capture(desk);
    await baresipCallsSoftphone(desk, softphone, anna);
    await expectAudioAtSoftphone(softphone, 'before any hold');
    const talking = await softphone.energyOver(1500);

    // baresip holds: the softphone says so, and baresip's tone stops reaching it.
    await desk.hold();
    await shows(softphone, `On hold by`);
    await softphone.page.waitForTimeout(500);
    const held = await softphone.energyOver(1500);
    expect(held.energy, 'audio while baresip holds').toBeLessThan(talking.energy / 100);
    await desk.resume();
    await softphone.page.getByText('On hold by').waitFor({ state: 'detached', timeout: 10_000 });
    await expectAudioAtSoftphone(softphone, 'after baresip resumed');

    // The softphone holds: the browser's audio stops reaching baresip.
    await softphone.button('Hold').click();
    await shows(softphone, 'On hold');
    await expectSilenceAtBaresip(desk, rtp, 'at baresip while the softphone holds');
    await softphone.button('Resume').click();
    await expectAudioAtBaresip(desk, rtp, 'after the softphone resumed', rtp.packets().length);
  });

  it('blind transfer by baresip (one-channel numbers): the softphones talk, baresip learns it worked', async () => {
    const { dora, cleo, desk, a, c } = await transferParties();
    await softphoneCallsBaresip(a, desk, dora);

    const before = desk.events.length;
    await desk.transfer(uriOf(cleo));
    await answers(c, desk, a);
    await shows(a, 'Connected');
    await shows(c, 'Connected');
    const [toA, toC] = await Promise.all([a.energyOver(2000), c.energyOver(2000)]);
    expect(toA.energy, 'Cleo heard by Anna').toBeGreaterThan(0);
    expect(toC.energy, 'Anna heard by Cleo').toBeGreaterThan(0);
    // The NOTIFY with `SIP/2.0 200 OK` reached baresip: it ends its call as transferred.
    const closed = await desk.waitFor('CALL_CLOSED', { after: before });
    expect(closed.param).toBe('Call transfered');
  });

  it('blind transfer by the softphone (one-channel numbers): baresip calls the target, the softphone sees it done', async () => {
    const { anna, cleo, desk, a, c } = await transferParties();
    await baresipCallsSoftphone(desk, a, anna);

    const before = desk.events.length;
    await transferNow(a, cleo.sipNumber);
    await desk.waitFor('TRANSFER', { after: before });
    await answers(c, desk, a);
    await desk.waitFor('CALL_ESTABLISHED', {
      after: before,
      where: (event) => event.peeruri?.includes(cleo.sipNumber) ?? false,
    });
    await shows(a, `Transferred to ${cleo.name}.`);
    await expectAudioAtSoftphone(c, 'baresip’s tone at Cleo');
  });

  it('killed with SIGKILL and restarted, it registers again at once on its one-device number', async () => {
    const dora = await employee('Dora');
    const first = await deskPhone(dora, 'udp');
    await first.kill();
    const again = await startBaresip(dora, 'udp', first.configDir);
    const answer = await again.waitFor(['REGISTER_OK', 'REGISTER_FAIL'], { timeout: 5000 });
    expect(answer.type, `baresip after its restart: ${answer.param ?? ''}`).toBe('REGISTER_OK');
    expect(pbx.bindings.list(dora.sipNumber)).toHaveLength(1);
  });

  it('restarted with its identity lost (a new +sip.instance) is another device: refused while the old one is registered', async () => {
    const dora = await employee('Dora');
    const first = await deskPhone(dora, 'udp');
    await first.kill();
    rmSync(join(first.configDir, 'uuid')); // baresip makes a new one: a new +sip.instance
    const again = await startBaresip(dora, 'udp', first.configDir);
    const answer = await again.waitFor(['REGISTER_OK', 'REGISTER_FAIL'], { timeout: 5000 });
    // Two devices that say they differ are believed (two softphones on one computer would
    // otherwise take the number from each other in turn): SPEC §3 Devices.
    expect(answer.type).toBe('REGISTER_FAIL');
    expect(answer.param).toBe('403 Number In Use On Another Device');
    expect(pbx.bindings.list(dora.sipNumber)).toHaveLength(1);
  });
});
