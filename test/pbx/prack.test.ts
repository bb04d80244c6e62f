import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestPbx, type TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import { closeSipClients, registeredDevice } from '../support/sip-devices';
import { hangUp, incomingInvite, respond } from '../support/sip-peer';
import { expectSucceeded, killSippCalls, sippCall } from '../support/sipp-call';

/**
 * Issue 21 item 7: JsSIP has no 100rel. A SIPp phone that requires it calls a softphone on a
 * WebSocket: the softphone never sees 100rel, the PBX makes its 180 reliable toward the phone
 * and answers the phone's PRACK itself.
 */
let pbx: TestPbx;

beforeEach(async () => {
  pbx = await startTestPbx();
});
afterEach(async () => {
  killSippCalls();
  closeSipClients();
  await pbx.stop();
});

describe('100rel toward a softphone', () => {
  it('a phone requiring 100rel calls a softphone: reliable 180 from the PBX, its PRACK answered there', async () => {
    const anna = await pbx.addEmployee('Anna Ivanova');
    const boris = await pbx.addEmployee('Boris Petrov');
    const softphone = await registeredDevice(pbx, boris.sipNumber, boris.password, 'ws');
    const call = await sippCall(pbx, anna, boris, 'uac-require-100rel.xml');
    const invite = await incomingInvite(softphone, call.callId);
    expect(invite.headers.getAll('require').join(',')).not.toMatch(/100rel/i);
    expect(invite.headers.getAll('supported').join(',')).not.toMatch(/100rel/i);

    respond(softphone, invite, 180);
    // SIPp's scenario fails unless the 180 it gets has RSeq and its PRACK gets 200.
    await until(() => pbx.pbx.dialogs.reliable.pracksAnswered === 1, 5000, 'PRACK answered');
    respond(softphone, invite, 200);
    await softphone.waitForRequest((r) => r.method === 'ACK', 5000);
    expect((await hangUp(softphone, invite)).status).toBe(200);
    await expectSucceeded(call);
    expect(softphone.requests.map((r) => r.method)).not.toContain('PRACK');
  });
});
