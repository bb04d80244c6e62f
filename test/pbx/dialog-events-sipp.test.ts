/**
 * Busy-lamp fields with a real SIP stack as the desk phone (issue 23 item 3): SIPp registers,
 * subscribes to a colleague with the RFC 4235 `dialog` package and checks every NOTIFY it gets
 * while a call to the colleague rings, connects and ends (test/sipp/uac-blf-watch.xml).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestPbx, type TestEmployee, type TestPbx } from '../support/pbx';
import { inviteWithDigest } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice } from '../support/sip-devices';
import { hangUp, nextInvite, respond, sendAsCaller } from '../support/sip-peer';
import { freePort, runSipp } from '../support/sipp';

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

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

it("SIPp as Anna's desk phone sees Boris's call: idle, early, confirmed, terminated, unsubscribed", async () => {
  const watcher = runSipp({
    scenario: 'uac-blf-watch.xml',
    remote: `127.0.0.1:${pbx.pbx.ports.sip}`,
    transport: 'u1',
    localPort: await freePort(),
    service: boris.sipNumber,
    user: anna.sipNumber,
    password: anna.password,
    keys: { caller: anna.sipNumber },
  });
  await expect.poll(() => pbx.pbx.core.presence.size, { timeout: 5000 }).toBe(1);

  const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
  const caraPhone = await registeredDevice(pbx, cara.sipNumber, cara.password);
  const answered = inviteWithDigest(caraPhone, cara, boris.sipNumber, SDP);
  const invite = await nextInvite(borisPhone);
  respond(borisPhone, invite, 180);
  respond(borisPhone, invite, 200);
  const ok = await answered;
  await sendAsCaller(caraPhone, ok, 'ACK');
  // One NOTIFY at a time per watcher, of the latest state: hanging up before SIPp has answered
  // the "confirmed" one would fold it into "terminated" (RFC 4235 allows that; the scenario not).
  await expect.poll(() => pbx.pbx.core.presence.notifying, { timeout: 5000 }).toBe(0);
  const bye = hangUp(borisPhone, invite);
  const byeAtCara = await caraPhone.waitForRequest(
    (r) => r.method === 'BYE' && r.callId === invite.callId,
  );
  respond(caraPhone, byeAtCara, 200);
  expect((await bye).status).toBe(200);

  const result = await watcher.done;
  expect(result.code, `SIPp:\n${result.stdout.slice(-1500)}\n${result.errors}`).toBe(0);
  expect(pbx.pbx.core.presence.size).toBe(0);
});
