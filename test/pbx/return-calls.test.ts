import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SipRequest, SipResponse } from '../../pbx/sip/message';
import { signedInAdmin, type ApiClient } from '../support/api';
import { carrierInvite } from '../support/carrier';
import { startTestPbx, type TestPbx } from '../support/pbx';
import { RawSipClient } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice } from '../support/sip-devices';
import { answer, nextInvite, respond } from '../support/sip-peer';
import { freePort } from '../support/sipp';
import { expectSucceeded, killSippCalls, sippCall } from '../support/sipp-call';

const MSK = '+74952300000';
const CLIENT = '+78127654321';
const DAY = 24 * 60 * 60 * 1000;

let pbx: TestPbx;
let carrier: RawSipClient;
let admin: ApiClient;
let msk: { id: number };
type Employee = Awaited<ReturnType<TestPbx['addEmployee']>>;
let anna: Employee;
let boris: Employee;
let vera: Employee;

beforeEach(async () => {
  const trunkPort = await freePort();
  pbx = await startTestPbx({ trunk: { transport: 'udp', host: '127.0.0.1', port: trunkPort } });
  carrier = await RawSipClient.connect('udp', pbx.pbx.ports.sip, trunkPort);
  admin = await signedInAdmin(pbx);
  [anna, boris, vera] = [
    await pbx.addEmployee('Anna Ivanova'),
    await pbx.addEmployee('Boris Petrov'),
    await pbx.addEmployee('Vera Smirnova'),
  ];
  msk = await pbx.company.companyNumbers.create({
    number: MSK,
    region: 'Москва',
    enabled: true,
    isDefault: true,
    inboundEmployeeId: anna.id,
  });
});

afterEach(async () => {
  killSippCalls();
  closeSipClients();
  carrier.close();
  await pbx.stop();
});

/** The client calls the company number from the carrier; returns the call's Call-ID. */
function clientCalls(): string {
  const call = carrierInvite(carrier, pbx.pbx.ports.sip, MSK, CLIENT);
  carrier.send(call.invite);
  return call.callId;
}

/** The carrier's final answer to its call. */
const finalTo = (callId: string) =>
  carrier.waitFor((r: SipResponse) => r.status >= 300 && r.headers.get('call-id') === callId, 3000);

/** INVITEs each phone has already had, so a later one is told apart. */
const seen = new Map<RawSipClient, SipRequest[]>();

/** Which employee's phone the client's call rings (it refuses it `486`). */
async function rings(phones: Record<string, RawSipClient>): Promise<string> {
  const callId = clientCalls();
  const name = await Promise.any(
    Object.entries(phones).map(async ([who, phone]) => {
      const invite = await nextInvite(phone, seen.get(phone) ?? [], 3000);
      seen.set(phone, [...(seen.get(phone) ?? []), invite]);
      respond(phone, invite, 486);
      return who;
    }),
  );
  expect((await finalTo(callId)).status).toBe(486);
  return name;
}

/** A call the employee answered with the client through MSK, `ago` ms ago, as the PBX records it. */
async function talked(employee: Employee, ago: number): Promise<void> {
  const at = Date.now() - ago;
  const id = await pbx.store.callRecords.insert({
    callId: `earlier-${employee.sipNumber}-${ago}`,
    companyId: pbx.companyId,
    callerNumber: employee.sipNumber,
    callerName: 'Boris Petrov',
    calleeNumber: CLIENT,
    calleeName: null,
    callerDevice: 'udp',
    startedAt: at,
    direction: 'outgoing',
    clientNumber: CLIENT,
    companyNumber: MSK,
  });
  await pbx.store.callRecords.markAnswered(id, at, null);
  await pbx.settle();
}

describe('return calls: a client calling a company number', () => {
  it('reaches the employee who last talked to them through that number, after a real call out', async () => {
    await pbx.company.sipNumbers.updateSettings(boris.sipNumber, { fixedCallerId: MSK });
    const call = await sippCall(pbx, boris, { sipNumber: CLIENT, password: '' }, 'uac-call.xml', {
      pauseMs: 300,
    });
    const out = await nextInvite(carrier);
    await answer(carrier, out);
    const bye = await carrier.waitForRequest((r) => r.method === 'BYE', 5000);
    respond(carrier, bye, 200);
    await expectSucceeded(call);
    await pbx.settle();

    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    expect(await rings({ anna: annaPhone, boris: borisPhone })).toBe('boris');
  });

  it('past the period the admin set, reaches the number’s assignee instead', async () => {
    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const borisPhone = await registeredDevice(pbx, boris.sipNumber, boris.password);
    await talked(boris, 10 * DAY);
    expect(await rings({ anna: annaPhone, boris: borisPhone })).toBe('boris');
    const set = await admin.patch('/admin/company', { returnCalls: { days: 7 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ returnCalls: { days: 7, fallbackEmployeeId: null } });
    await pbx.settle();
    expect(await rings({ anna: annaPhone, boris: borisPhone })).toBe('anna');
  });

  it('when the last talker has no device registered, reaches the number’s assignee', async () => {
    const annaPhone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    await talked(boris, DAY);
    expect(await rings({ anna: annaPhone })).toBe('anna');
  });

  it('with no assignee, reaches the company’s fallback employee; with none, 480 no-employee', async () => {
    await pbx.company.companyNumbers.update(msk.id, { inboundEmployeeId: null });
    const refused = await finalTo(clientCalls());
    expect([refused.status, refused.reason, refused.headers.get('x-pbx-reason')]).toEqual([
      480,
      'No Employee For This Number',
      'no-employee',
    ]);

    const veraPhone = await registeredDevice(pbx, vera.sipNumber, vera.password);
    const set = await admin.patch('/admin/company', {
      returnCalls: { fallbackEmployeeId: vera.id },
    });
    expect(set.body).toMatchObject({ returnCalls: { days: 30, fallbackEmployeeId: vera.id } });
    await pbx.settle();
    expect(await rings({ vera: veraPhone })).toBe('vera');
  });

  it('refuses a fallback employee of another company and a period out of range', async () => {
    const other = await pbx.addCompany('Other');
    const stranger = await other.addEmployee('Stranger');
    const foreign = await admin.patch('/admin/company', {
      returnCalls: { fallbackEmployeeId: stranger.id },
    });
    expect(foreign.status).toBe(400);
    expect((await admin.patch('/admin/company', { returnCalls: { days: 0 } })).status).toBe(400);
    expect((await admin.get('/admin/company')).body).toMatchObject({
      returnCalls: { days: 30, fallbackEmployeeId: null },
    });
  });
});
