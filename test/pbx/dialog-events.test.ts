/**
 * Busy-lamp fields (issue 23 item 3): a desk phone subscribes to a colleague's SIP number with
 * the RFC 4235 `dialog` event package and sees each call of theirs ring, connect, hold and end,
 * as `application/dialog-info+xml` NOTIFYs inside the subscription's dialog. Raw UDP and TCP
 * clients play the phones, so every header and byte they get can be asserted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '../../pbx/sip/message';
import { stateOf, subscribe, Watcher } from '../support/dialog-watcher';
import { startTestPbx, TEST_DOMAIN, type TestEmployee, type TestPbx } from '../support/pbx';
import { inviteWithDigest } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../support/sip-devices';
import { hangUp, nextInvite, respond, sendAsCaller, sendInDialog } from '../support/sip-peer';

let pbx: TestPbx;
let anna: TestEmployee;
let boris: TestEmployee;
let cara: TestEmployee;

beforeEach(async () => {
  pbx = await startTestPbx();
  anna = await pbx.addEmployee('Anna Ivanova');
  boris = await pbx.addEmployee('Boris Petrov');
  cara = await pbx.addEmployee('Cara Smirnova');
});

afterEach(async () => {
  closeSipClients();
  await pbx.stop();
});

const SDP = (direction = 'sendrecv') =>
  `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=${direction}\r\n`;

const uriOf = (employee: TestEmployee) => `sip:${employee.sipNumber}@${TEST_DOMAIN}`;

/** Anna's desk phone, registered, subscribed to Boris; its first NOTIFY checked and answered. */
async function annaWatchesBoris(): Promise<{ watcher: Watcher; first: SipRequest }> {
  const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
  const ok = await subscribe(phone, anna, boris.sipNumber);
  expect([ok.status, ok.reason]).toEqual([200, 'OK']);
  expect(ok.headers.get('expires')).toBe('600');
  expect(ok.toTag).toBeTruthy();
  expect(ok.contact()?.uri.port).toBe(pbx.pbx.ports.sip);
  const watcher = new Watcher(phone, ok);
  const { notify: first } = await watcher.next();
  return { watcher, first };
}

const versionOf = (xml: string) => Number(/ version="(\d+)"/.exec(xml)?.[1]);

describe('a desk phone watching a colleague (RFC 4235 dialog package)', () => {
  it('gets 200 and an idle full-state NOTIFY in the subscription dialog', async () => {
    const { watcher, first } = await annaWatchesBoris();
    const { ok } = watcher;
    expect(first.uri.user).toBe(anna.sipNumber); // to the subscriber's Contact
    expect(first.headers.get('event')).toBe('dialog');
    expect(first.headers.get('subscription-state')).toMatch(/^active;expires=(600|599)$/);
    expect(first.headers.get('content-type')).toBe('application/dialog-info+xml');
    // In the dialog the 200 made: its tags, and the PBX's own CSeq space.
    expect(first.fromTag).toBe(ok.toTag);
    expect(first.toTag).toBe(ok.fromTag);
    expect(first.cseq?.method).toBe('NOTIFY');
    const xml = first.body.toString('utf8');
    expect(xml).toContain('<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info"');
    expect(xml).toContain('state="full"');
    expect(xml).toContain(`entity="${uriOf(boris)}"`);
    expect(versionOf(xml)).toBe(0);
    expect(xml).not.toContain('<dialog ');
  });

  it('a call the colleague places: trying, proceeding after a 100, early after a 180, confirmed', async () => {
    const { watcher } = await annaWatchesBoris();
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const caraPhone = await registeredDevice(pbx, cara.sipNumber, cara.password);

    const answered = inviteWithDigest(borisPhone, boris, cara.sipNumber, SDP());
    const invite = await nextInvite(caraPhone);
    const trying = await watcher.next();
    expect(stateOf(trying.xml)).toBe('trying');
    expect(trying.xml).toContain(`call-id="${invite.callId}" direction="initiator"`);
    respond(caraPhone, invite, 100);
    expect(stateOf((await watcher.next()).xml)).toBe('proceeding');
    respond(caraPhone, invite, 180);
    expect(stateOf((await watcher.next()).xml)).toBe('early');
    respond(caraPhone, invite, 200);
    expect((await answered).status).toBe(200);
    const connected = await watcher.next();
    expect(stateOf(connected.xml)).toBe('confirmed');
    expect(versionOf(connected.xml)).toBe(4);
  });

  it('a call to the colleague: early, then confirmed, on hold, then terminated; each within 1 s', async () => {
    const { watcher } = await annaWatchesBoris();
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const caraPhone = await registeredDevice(pbx, cara.sipNumber, cara.password);

    const answered = inviteWithDigest(caraPhone, cara, boris.sipNumber, SDP());
    const invite = await nextInvite(borisPhone);
    const ringing = await watcher.next();
    expect(stateOf(ringing.xml)).toBe('early');
    expect(ringing.xml).toContain(`call-id="${invite.callId}" direction="recipient"`);
    expect(ringing.xml).toContain(`<identity display="Cara Smirnova">${uriOf(cara)}</identity>`);
    expect(versionOf(ringing.xml)).toBe(1);

    respond(borisPhone, invite, 180);
    respond(borisPhone, invite, 200);
    const ok = await answered;
    expect(ok.status).toBe(200);
    await sendAsCaller(caraPhone, ok, 'ACK');
    const connected = await watcher.next();
    expect(stateOf(connected.xml)).toBe('confirmed');
    expect(versionOf(connected.xml)).toBe(2);
    expect(connected.xml).not.toContain('+sip.rendering');

    // Boris puts Cara on hold: a re-INVITE with a sendonly offer, answered by Cara.
    const holding = sendInDialog(borisPhone, invite, 'INVITE', SDP('sendonly'));
    const reinvite = await caraPhone.waitForRequest(
      (r) => r.method === 'INVITE' && r.callId === invite.callId,
    );
    respond(caraPhone, reinvite, 200, { body: SDP('recvonly') });
    expect((await holding).status).toBe(200);
    const held = await watcher.next();
    expect(stateOf(held.xml)).toBe('confirmed');
    const local = held.xml.slice(held.xml.indexOf('<local>'), held.xml.indexOf('</local>'));
    expect(local).toContain('<param pname="+sip.rendering" pvalue="no"/>');

    // Boris hangs up.
    const bye = hangUp(borisPhone, invite);
    const byeAtCara = await caraPhone.waitForRequest(
      (r) => r.method === 'BYE' && r.callId === invite.callId,
    );
    respond(caraPhone, byeAtCara, 200);
    expect((await bye).status).toBe(200);
    const ended = await watcher.next();
    expect(stateOf(ended.xml)).toBe('terminated');
    expect(ended.xml).toContain(`call-id="${invite.callId}"`);
    expect(versionOf(ended.xml)).toBe(4);
    // NOTIFYs of one dialog count up their CSeq.
    const seqs = watcher.seen.map((n) => n.cseq?.seq ?? 0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(pbx.pbx.stats.faults).toBe(0);
  });

  it('an outgoing call of the colleague shows as initiator; a refusal ends it terminated', async () => {
    const { watcher } = await annaWatchesBoris();
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    const caraPhone = await registeredDevice(pbx, cara.sipNumber, cara.password);
    const refused = inviteWithDigest(borisPhone, boris, cara.sipNumber, SDP());
    const invite = await nextInvite(caraPhone);
    const calling = await watcher.next();
    expect(calling.xml).toContain('direction="initiator"');
    expect(stateOf(calling.xml)).toBe('trying');
    respond(caraPhone, invite, 486);
    expect((await refused).status).toBe(486);
    expect(stateOf((await watcher.next()).xml)).toBe('terminated');
  });

  it('Expires: 0 in the dialog unsubscribes: 200, then a final NOTIFY terminated', async () => {
    const { watcher } = await annaWatchesBoris();
    const refreshed = await watcher.refresh('7200', 3);
    expect([refreshed.status, refreshed.headers.get('expires')]).toEqual([200, '3600']);
    const again = await watcher.next();
    expect(again.notify.headers.get('subscription-state')).toMatch(/^active;expires=(3600|3599)$/);
    const bye = await watcher.refresh('0', 4);
    expect(bye.status).toBe(200);
    const last = await watcher.next();
    expect(last.notify.headers.get('subscription-state')).toBe('terminated;reason=timeout');
    expect(pbx.pbx.core.presence.size).toBe(0);
    // The dialog is gone: a refresh now finds none.
    expect((await watcher.refresh('600', 5)).status).toBe(481);
  });

  it('ends at expiry: terminated;reason=timeout', async () => {
    const { watcher } = await annaWatchesBoris();
    pbx.pbx.core.presence.sweep(Date.now() + 599_000);
    expect(pbx.pbx.core.presence.size).toBe(1);
    pbx.pbx.core.presence.sweep(Date.now() + 601_000);
    const last = await watcher.next();
    expect(last.notify.headers.get('subscription-state')).toBe('terminated;reason=timeout');
    expect(pbx.pbx.core.presence.size).toBe(0);
  });

  it('ends with the binding (terminated;reason=deactivated) and with the connection', async () => {
    const { watcher } = await annaWatchesBoris();
    pbx.pbx.dropNumber(anna.sipNumber);
    const last = await watcher.next();
    expect(last.notify.headers.get('subscription-state')).toBe('terminated;reason=deactivated');
    expect(pbx.pbx.core.presence.size).toBe(0);

    const tcpPhone = await registeredDevice(pbx, anna.sipNumber, anna.password, 'tcp');
    expect((await subscribe(tcpPhone, anna, boris.sipNumber)).status).toBe(200);
    expect(pbx.pbx.core.presence.size).toBe(1);
    tcpPhone.close();
    await expect.poll(() => pbx.pbx.core.presence.size, { timeout: 2000 }).toBe(0);
  });
});

describe('over every transport, and while the watched number exists', () => {
  it('a WebSocket phone subscribes and gets its NOTIFYs over the same connection', async () => {
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password, 'ws');
    const ok = await subscribe(phone, anna, boris.sipNumber);
    expect(ok.status).toBe(200);
    expect(ok.contact()?.uri.params.transport).toBe('ws');
    const { notify, xml } = await new Watcher(phone, ok).next();
    expect(notify.headers.get('event')).toBe('dialog');
    expect(xml).toContain(`entity="${uriOf(boris)}"`);
  });

  it('the watched employee deleted: terminated;reason=noresource', async () => {
    const { watcher } = await annaWatchesBoris();
    await pbx.company.employees.remove(boris.id);
    const last = await watcher.next(2000);
    expect(last.notify.headers.get('subscription-state')).toBe('terminated;reason=noresource');
    expect(pbx.pbx.core.presence.size).toBe(0);
  });
});

describe('SUBSCRIBE refusals', () => {
  const refusal = (r: SipResponse) => [r.status, r.reason, r.headers.get('x-pbx-reason')];

  it("another company's number or an unknown one: 404 unknown-number", async () => {
    const olga = await (await pbx.addCompany('Beta')).addEmployee('Olga Petrova');
    const olgaPhone = await registeredDevice(pbx, olga.sipNumber, olga.password);
    const other = await subscribe(olgaPhone, olga, anna.sipNumber);
    expect(refusal(other)).toEqual([404, 'Not Found', 'unknown-number']);
    const unknown = await subscribe(olgaPhone, olga, '0999999');
    expect(refusal(unknown)).toEqual([404, 'Not Found', 'unknown-number']);
    expect(pbx.pbx.core.presence.size).toBe(0);
  });

  it('another event package: 489 Bad Event with Allow-Events: dialog', async () => {
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const response = await subscribe(phone, anna, boris.sipNumber, ['Event: presence']);
    expect(refusal(response)).toEqual([489, 'Bad Event', 'bad-event']);
    expect(response.headers.get('allow-events')).toBe('dialog');
  });

  it('a malformed Event or Expires: 400 naming the header, and the PBX goes on', async () => {
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const badEvent = await subscribe(phone, anna, boris.sipNumber, ['Event: dia log;;']);
    expect(refusal(badEvent)).toEqual([400, 'Bad Event Header', 'bad-request']);
    const noEvent = await subscribe(phone, anna, boris.sipNumber, ['Expires: 60']);
    expect(refusal(noEvent)).toEqual([400, 'Missing Event Header', 'bad-request']);
    const badExpires = await subscribe(phone, anna, boris.sipNumber, [
      'Event: dialog',
      'Expires: tomorrow',
    ]);
    expect(refusal(badExpires)).toEqual([400, 'Bad Expires Header', 'bad-request']);
    const brief = await subscribe(phone, anna, boris.sipNumber, ['Event: dialog', 'Expires: 1']);
    expect(refusal(brief)).toEqual([423, 'Interval Too Brief', 'interval-too-brief']);
    expect(brief.headers.get('min-expires')).toBe('60');
    expect((await subscribe(phone, anna, boris.sipNumber)).status).toBe(200);
    expect(pbx.pbx.stats.faults).toBe(0);
  });

  it('a device may watch 100 numbers at once; the 101st: 403 too-many-subscriptions', async () => {
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    for (let n = 0; n < 100; n++) {
      expect((await subscribe(phone, anna, boris.sipNumber)).status).toBe(200);
    }
    const over = await subscribe(phone, anna, boris.sipNumber);
    expect(refusal(over)).toEqual([403, 'Too Many Subscriptions', 'too-many-subscriptions']);
    // Unsubscribing still works at the limit (Expires: 0 keeps nothing).
    const fetch = await subscribe(phone, anna, boris.sipNumber, ['Event: dialog', 'Expires: 0']);
    expect(fetch.status).toBe(200);
    const state = await phone.waitForRequest(
      (r) => r.method === 'NOTIFY' && r.callId === fetch.callId,
    );
    expect(state.headers.get('subscription-state')).toBe('terminated;reason=timeout');
    expect(state.body.toString()).toContain('state="full"');
    // Another employee's device has its own allowance.
    const cara1 = await registeredDevice(pbx, cara.sipNumber, cara.password);
    expect((await subscribe(cara1, cara, boris.sipNumber)).status).toBe(200);
  });

  it('a device not registered on that connection: 403 Register First', async () => {
    const phone = await sipClient(pbx);
    const response = await subscribe(phone, anna, boris.sipNumber);
    expect(refusal(response)).toEqual([403, 'Register First', 'not-registered-here']);
  });

  it('without credentials: challenged like any request of a device', async () => {
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const response = await subscribe(phone, { ...anna, password: 'wrong' }, boris.sipNumber);
    expect(response.status).toBe(407);
  });
});
