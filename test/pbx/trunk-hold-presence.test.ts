/**
 * Hold on a call with the carrier reaches presence the same way an internal call's does (issue 23
 * item 3): a colleague's desk phone watching the employee (RFC 4235 `dialog` package) sees the
 * held side's `+sip.rendering="no"` and the mark gone on resume, whichever side holds, for a
 * client's call in and an employee's call out. No media bridge: the PBX relays the offers as they are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../pbx/sip/message';
import {
  addCompanyNumber,
  carrierInDialog,
  carrierInvite,
  COMPANY_NUMBER,
  startPbxWithCarrier,
} from '../support/carrier';
import { stateOf, subscribe, Watcher } from '../support/dialog-watcher';
import type { TestEmployee, TestPbx } from '../support/pbx';
import { inviteWithDigest, type RawSipClient } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice } from '../support/sip-devices';
import { answer, nextInvite, respond, sendAsCaller, sendInDialog } from '../support/sip-peer';

const CLIENT = '+78127654321';
const SDP = (direction: string) =>
  `v=0\r\no=- 2 3 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\na=${direction}\r\n`;

let pbx: TestPbx;
let carrier: RawSipClient;

afterEach(async () => {
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

/** A PBX with a trunk; Anna has the company number; Boris's desk phone watches Anna. */
async function start(): Promise<{ anna: TestEmployee; watcher: Watcher }> {
  ({ pbx, carrier } = await startPbxWithCarrier());
  const anna = await pbx.addEmployee('Anna Ivanova');
  const boris = await pbx.addEmployee('Boris Petrov');
  await addCompanyNumber(pbx, anna.id);
  const deskPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
  const ok = await subscribe(deskPhone, boris, anna.sipNumber);
  expect(ok.status).toBe(200);
  const watcher = new Watcher(deskPhone, ok);
  expect((await watcher.next()).xml).not.toContain('<dialog ');
  return { anna, watcher };
}

/** The next NOTIFY whose document satisfies `test` (intermediate ones are answered and passed). */
async function seen(watcher: Watcher, test: (xml: string) => boolean): Promise<string> {
  for (;;) {
    const { xml } = await watcher.next(3000);
    if (test(xml)) return xml;
  }
}

/** Which sides of the watched call are marked held: `local` (Anna) and `remote` (the client). */
function heldSides(xml: string): string[] {
  const sides: string[] = [];
  for (const side of ['local', 'remote']) {
    const part = new RegExp(`<${side}>([\\s\\S]*?)</${side}>`).exec(xml)?.[1] ?? '';
    if (part.includes('pname="+sip.rendering" pvalue="no"')) sides.push(side);
  }
  return sides;
}

/** The carrier answers an offer the PBX relayed to it, mirroring its direction. */
function carrierAccepts(offer: SipRequest): void {
  respond(carrier, offer, 200, { toTag: 'cr', body: SDP('recvonly') });
}

describe('hold on carrier calls, as busy lamps see it', () => {
  it('a client’s call in: Anna holds and resumes, then the client holds', async () => {
    const { anna, watcher } = await start();
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const call = carrierInvite(carrier, pbx.pbx.ports.sip, COMPANY_NUMBER, CLIENT);
    carrier.send(call.invite);
    const ringing = await nextInvite(phone);
    await answer(phone, ringing);
    const ok = await carrier.waitFor((r) => r.callId === call.callId && r.status === 200, 5000);
    carrier.send(carrierInDialog(carrier, call, ok, 'ACK', 1));
    await seen(watcher, (xml) => stateOf(xml) === 'confirmed');

    const holding = sendInDialog(phone, ringing, 'INVITE', SDP('sendonly'));
    carrierAccepts(await carrier.waitForRequest((r) => r.method === 'INVITE', 5000));
    expect((await holding).status).toBe(200);
    expect(heldSides(await seen(watcher, (xml) => heldSides(xml).length > 0))).toEqual(['local']);

    const resuming = sendInDialog(phone, ringing, 'INVITE', SDP('sendrecv'));
    const resume = await carrier.waitForRequest(
      (r) => r.method === 'INVITE' && r.body.toString().includes('sendrecv'),
      5000,
    );
    carrierAccepts(resume);
    expect((await resuming).status).toBe(200);
    await seen(watcher, (xml) => stateOf(xml) === 'confirmed' && heldSides(xml).length === 0);

    carrier.send(carrierInDialog(carrier, call, ok, 'INVITE', 2, SDP('sendonly')));
    const relayed = await phone.waitForRequest(
      (r) => r.method === 'INVITE' && r.callId === ringing.callId && r !== ringing,
      5000,
    );
    respond(phone, relayed, 200, { body: SDP('recvonly') });
    const held = await seen(watcher, (xml) => heldSides(xml).length > 0);
    expect(heldSides(held)).toEqual(['remote']);
    expect(held).toContain(`sip:${CLIENT}@`);
  });

  it('Anna’s call out: her hold is shown', async () => {
    const { anna, watcher } = await start();
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const answered = inviteWithDigest(phone, anna, CLIENT, SDP('sendrecv'));
    const invite = await nextInvite(carrier);
    respond(carrier, invite, 200, { toTag: 'out' });
    const ok = await answered;
    expect(ok.status).toBe(200);
    await sendAsCaller(phone, ok, 'ACK');
    await seen(watcher, (xml) => stateOf(xml) === 'confirmed');

    const holding = sendAsCaller(phone, ok, 'INVITE', SDP('inactive'));
    const reinvite = await carrier.waitForRequest(
      (r) => r.method === 'INVITE' && r !== invite,
      5000,
    );
    respond(carrier, reinvite, 200, { toTag: 'out', body: SDP('inactive') });
    expect((await holding)?.status).toBe(200);
    const held = await seen(watcher, (xml) => heldSides(xml).length > 0);
    expect(heldSides(held)).toEqual(['local']);
    expect(held).toContain('direction="initiator"');
  });
});
