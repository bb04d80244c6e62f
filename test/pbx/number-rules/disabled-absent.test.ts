import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedInAdmin } from '../../support/api';
import { startTestPbx, TEST_DOMAIN, type TestPbx } from '../../support/pbx';
import { until, untilAsync } from '../../support/poll';
import { requestWithDigest, type RawSipClient } from '../../support/raw-sip-client';
import { closeSipClients, registeredDevice, sipClient } from '../../support/sip-devices';
import { answer, hangUp, incomingInvite, nextInvite, respond } from '../../support/sip-peer';
import { expectSucceeded, killSippCalls, sippCall, type Party } from '../../support/sipp-call';

let pbx: TestPbx;
let anna: Party & { id: number };
let boris: Party & { id: number };
let gleb: Party & { id: number };
let borisPhone: RawSipClient;
let glebPhone: RawSipClient;

beforeEach(async () => {
  pbx = await startTestPbx();
  anna = await pbx.addEmployee('Anna Ivanova');
  boris = await pbx.addEmployee('Boris Petrov');
  gleb = await pbx.addEmployee('Gleb Orlov');
  borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
  glebPhone = await registeredDevice(pbx, gleb.sipNumber, gleb.password);
});

afterEach(async () => {
  killSippCalls();
  closeSipClients();
  await pbx.stop();
});

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

async function rawCall(caller: Party, callee: Party) {
  return requestWithDigest(await sipClient(pbx), {
    method: 'INVITE',
    uri: `sip:${callee.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: caller.sipNumber,
    password: caller.password,
    headers: ['Content-Type: application/sdp'],
    body: SDP,
  });
}

function expectRefusal(
  response: Awaited<ReturnType<typeof rawCall>>,
  status: number,
  reason: string,
  token: string,
) {
  expect([response.status, response.reason]).toEqual([status, reason]);
  expect(response.headers.get('x-pbx-reason')).toBe(token);
}

const HOUR = 3600_000;

async function absent(
  employee: { id: number },
  forwardTo: { id: number } | null,
  from = Date.now() - HOUR,
  to = Date.now() + HOUR,
) {
  await pbx.company.absences.create({
    employeeId: employee.id,
    from,
    to,
    reason: 'vacation',
    forwardToEmployeeId: forwardTo?.id ?? null,
  });
}

/** A call from a bare phone reaches `phone`, which answers it. */
async function rings(caller: Party, callee: Party, phone: RawSipClient) {
  const response = rawCall(caller, callee);
  const invite = await nextInvite(phone);
  respond(phone, invite, 200);
  expect((await response).status).toBe(200);
  return invite;
}

describe('a disabled number', () => {
  it('refuses calls to it with 480 Number Disabled, also once the API has dropped its devices', async () => {
    await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { enabled: false });
    expectRefusal(await rawCall(anna, boris), 480, 'Number Disabled', 'number-disabled');
    expect(borisPhone.requests).toEqual([]);

    await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { enabled: true });
    const admin = await signedInAdmin(pbx);
    await admin.patch(`/admin/employees/${boris.id}/sip-number`, { enabled: false });
    expect(pbx.pbx.bindings.list(boris.sipNumber)).toEqual([]);
    expectRefusal(await rawCall(anna, boris), 480, 'Number Disabled', 'number-disabled');
  });

  it('refuses calls from it with 403 Number Disabled', async () => {
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
    expectRefusal(await rawCall(anna, gleb), 403, 'Number Disabled', 'number-disabled');
    expect(glebPhone.requests).toEqual([]);
  });

  it('a SIPp phone of a disabled number does not get its call through', async () => {
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
    const call = await sippCall(pbx, anna, gleb, 'uac-until-bye.xml', { timeoutSeconds: 3 });
    expect((await call.done).code).not.toBe(0);
    expect(glebPhone.requests).toEqual([]);
    expect(await pbx.store.callRecords.getByCallId(call.callId)).toBeUndefined();
  });
});

describe('an absent employee', () => {
  it('without a forward: 480 Employee Absent, and the phone does not ring', async () => {
    await absent(boris, null);
    expectRefusal(await rawCall(anna, boris), 480, 'Employee Absent', 'employee-absent');
    expect(borisPhone.requests).toEqual([]);
  });

  it('with a forward: the colleague’s phone rings with its own number and the call connects', async () => {
    await absent(boris, gleb);
    const call = await sippCall(pbx, anna, boris, 'uac-until-bye.xml');
    const invite = await incomingInvite(glebPhone, call.callId);
    expect(invite.uri.user).toBe(gleb.sipNumber);
    expect(invite.headers.get('x-line')).toBe('1');
    expect(invite.headers.get('from')).toMatch(/^"Anna Ivanova" <sip:/);
    await answer(glebPhone, invite);
    await until(() => pbx.pbx.dialogs.get(call.callId)?.state === 'confirmed', 3000, 'answered');
    expect(borisPhone.requests).toEqual([]);
    // The forwarded call holds the colleague's channel.
    expectRefusal(await rawCall(boris, gleb), 486, 'Busy Here', 'channels-full');

    expect((await hangUp(glebPhone, invite)).status).toBe(200);
    await expectSucceeded(call);
    await untilAsync(
      async () => (await pbx.store.callRecords.getByCallId(call.callId))?.endedAt != null,
    );
    expect((await pbx.store.callRecords.getByCallId(call.callId))?.result).toBe('answered');
  });

  it('forwarded to a disabled colleague: 480 Employee Absent', async () => {
    await absent(boris, gleb);
    await pbx.company.sipNumbers.updateSettings(gleb.sipNumber, { enabled: false });
    expectRefusal(await rawCall(anna, boris), 480, 'Employee Absent', 'employee-absent');
    expect([...borisPhone.requests, ...glebPhone.requests]).toEqual([]);
  });

  it('can still call out during the absence', async () => {
    await absent(boris, null);
    const invite = await rings(boris, gleb, glebPhone);
    expect(invite.headers.get('p-asserted-identity')).toContain(boris.sipNumber);
  });

  it('once the absence is over (or before it begins), the employee’s own phone rings', async () => {
    await absent(boris, gleb, Date.now() - 2 * HOUR, Date.now() - HOUR);
    await absent(boris, null, Date.now() + HOUR, Date.now() + 2 * HOUR);
    const invite = await rings(anna, boris, borisPhone);
    expect(invite.uri.user).toBe(boris.sipNumber);
    expect(glebPhone.requests).toEqual([]);
  });
});

describe('a chain of absences', () => {
  it('skips a colleague who is absent too: Boris → Vera (absent) → Gleb, whose phone rings', async () => {
    const vera = await pbx.addEmployee('Vera Smirnova');
    const veraPhone = await registeredDevice(pbx, vera.sipNumber, vera.password);
    await absent(boris, vera);
    await absent(vera, gleb);
    const invite = await rings(anna, boris, glebPhone);
    expect(invite.uri.user).toBe(gleb.sipNumber);
    expect([...borisPhone.requests, ...veraPhone.requests]).toEqual([]);
  });

  it('a loop (Boris → Gleb → Boris) is refused as absent, and no phone rings', async () => {
    await absent(boris, gleb);
    await absent(gleb, boris);
    expectRefusal(await rawCall(anna, boris), 480, 'Employee Absent', 'employee-absent');
    expectRefusal(await rawCall(anna, gleb), 480, 'Employee Absent', 'employee-absent');
    expect([...borisPhone.requests, ...glebPhone.requests]).toEqual([]);
  });

  it('a chain that ends at someone absent without a forward is refused as absent', async () => {
    await absent(boris, gleb);
    await absent(gleb, null);
    expectRefusal(await rawCall(anna, boris), 480, 'Employee Absent', 'employee-absent');
    expect([...borisPhone.requests, ...glebPhone.requests]).toEqual([]);
  });
});

describe('the colleague who covers an absence', () => {
  it('calling the absent employee is refused as absent, not put through to their own phone', async () => {
    await absent(boris, gleb);
    const calling = rawCall(gleb, boris);
    const ownPhoneRang = nextInvite(glebPhone, [], 1000).then(
      (invite) => {
        respond(glebPhone, invite, 486);
        return true;
      },
      () => false,
    );
    expectRefusal(await calling, 480, 'Employee Absent', 'employee-absent');
    expect(await ownPhoneRang).toBe(false);
  });
});
