import { afterEach, describe, expect, it } from 'vitest';
import type { SipRequest } from '../../pbx/sip/message';
import {
  addCompanyNumber,
  type CarrierCall,
  carrierCancel,
  carrierInDialog,
  carrierInvite,
  COMPANY_NUMBER,
  startPbxWithCarrier,
} from '../support/carrier';
import type { TestPbx } from '../support/pbx';
import { until } from '../support/poll';
import type { RawSipClient } from '../support/raw-sip-client';
import { closeSipClients, registeredDevice } from '../support/sip-devices';
import { answer, hangUp, nextInvite, respond, sendInDialog, takeCancel } from '../support/sip-peer';

const MSK = COMPANY_NUMBER;
const CLIENT = '+78127654321';
const HOUR = 3600_000;
const HOLD_SDP =
  'v=0\r\no=- 2 3 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\na=sendonly\r\n';

let pbx: TestPbx;
let carrier: RawSipClient;

/** A PBX with a UDP trunk, one company number, and Anna, to whom the number is assigned. */
async function start() {
  ({ pbx, carrier } = await startPbxWithCarrier());
  const anna = await pbx.addEmployee('Anna Ivanova');
  await addCompanyNumber(pbx, anna.id);
  return anna;
}

afterEach(async () => {
  closeSipClients();
  carrier?.close();
  await pbx?.stop();
});

/** The client calls the company number through the carrier. */
function clientCalls(): CarrierCall {
  const call = carrierInvite(carrier, pbx.pbx.ports.sip, MSK, CLIENT);
  carrier.send(call.invite);
  return call;
}

const finalTo = (call: CarrierCall, status?: number) =>
  carrier.waitFor(
    (r) =>
      r.headers.get('call-id') === call.callId &&
      r.headers.get('cseq') === '1 INVITE' &&
      (status === undefined ? r.status >= 200 : r.status === status),
    5000,
  );

/** Anna's phone answers a client's call and the carrier acknowledges the PBX's 200. */
async function answeredCall() {
  const anna = await start();
  const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
  const call = clientCalls();
  const ringing = await nextInvite(phone);
  await answer(phone, ringing);
  const ok = await finalTo(call, 200);
  carrier.send(carrierInDialog(carrier, call, ok, 'ACK', 1));
  return { anna, phone, call, ringing, ok };
}

const userOf = (header: string | undefined) => /sip:([^@>;]+)@/.exec(header ?? '')?.[1];

describe('carrier trunk: incoming calls, the PBX between carrier and employee', () => {
  it('the employee sees the client; the carrier sees only the PBX; BYE from the carrier ends both', async () => {
    const anna = await start();
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const call = clientCalls();

    const ringing = await nextInvite(phone);
    expect(userOf(ringing.headers.get('from'))).toBe(CLIENT);
    expect(ringing.uri.user).toBe(anna.sipNumber);
    // A dialog of the PBX's own: not the carrier's Call-ID, Contact, or route.
    expect(ringing.headers.get('call-id')).not.toBe(call.callId);
    expect(ringing.headers.get('contact')).toMatch(/sip:b2b-/);
    expect(ringing.headers.getAll('record-route')).toEqual([]);
    expect(ringing.headers.getAll('via')).toHaveLength(1);
    expect(ringing.body.toString()).toContain('m=audio 4000 RTP/AVP 8');

    const acked = answer(phone, ringing);
    const ringback = await finalTo(call, undefined).catch(() => undefined);
    expect(ringback?.status).toBe(200);
    expect(carrier.responses.some((r) => r.status === 180)).toBe(true);
    const ok = ringback!;
    expect(ok.headers.get('contact')).toMatch(/sip:b2b-/);
    expect(ok.headers.get('contact')).not.toContain(String(phone.localPort()));
    expect(ok.headers.getAll('record-route')).toEqual([]);
    expect(ok.body.toString()).toContain('m=audio 4002 RTP/AVP 0');
    await acked; // the PBX acknowledged the device's 2xx itself
    carrier.send(carrierInDialog(carrier, call, ok, 'ACK', 1));

    carrier.send(carrierInDialog(carrier, call, ok, 'BYE', 2));
    const bye = await phone.waitForRequest((r) => r.method === 'BYE');
    expect(bye.headers.get('call-id')).toBe(ringing.headers.get('call-id'));
    respond(phone, bye, 200);
    expect((await carrier.waitFor((r) => r.headers.get('cseq') === '2 BYE')).status).toBe(200);

    await pbx.settle();
    const record = await pbx.store.callRecords.getByCallId(ringing.headers.get('call-id') ?? '');
    expect(record).toMatchObject({
      direction: 'incoming',
      clientNumber: CLIENT,
      companyNumber: MSK,
      result: 'answered',
    });
    expect(record?.endedAt).toBeTypeOf('number');
    expect(pbx.pbx.dialogs.channels.lineOf(anna.sipNumber, record!.callId)).toBeUndefined();
  });

  it('the employee hangs up: the carrier gets a BYE in its own dialog', async () => {
    const { phone, call, ringing } = await answeredCall();

    const done = hangUp(phone, ringing);
    const bye = await carrier.waitForRequest((r) => r.method === 'BYE');
    expect(bye.headers.get('call-id')).toBe(call.callId);
    expect(bye.uri.user).toBe('carrier');
    expect(bye.headers.get('to')).toBe(call.from);
    carrierAnswers(bye, 200);
    expect((await done).status).toBe(200);
  });

  it('the client hangs up while it rings: the device is cancelled, the carrier gets 487', async () => {
    const anna = await start();
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const call = clientCalls();
    const ringing = await nextInvite(phone);
    respond(phone, ringing, 180);
    await carrier.waitFor((r) => r.status === 180);
    carrier.send(carrierCancel(call));
    await takeCancel(phone, ringing);
    expect((await finalTo(call)).status).toBe(487);
    await until(() => pbx.pbx.dialogs.size === 0, 2000, 'call forgotten');
  });

  it('rings every device of a multi-terminal number; the first to answer gets the client', async () => {
    const anna = await start();
    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { multiTerminal: true });
    const desk = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const laptop = await registeredDevice(pbx, anna.sipNumber, anna.password, 'tcp');
    const call = clientCalls();
    const [onDesk, onLaptop] = await Promise.all([nextInvite(desk), nextInvite(laptop)]);
    expect(onLaptop.headers.get('contact')).toContain('transport=tcp');
    respond(desk, onDesk, 180);
    await answer(laptop, onLaptop);
    const cancelled = desk.waitForRequest((r) => r.method === 'CANCEL');
    expect((await finalTo(call)).status).toBe(200);
    expect((await cancelled).headers.get('reason')).toContain('Call completed elsewhere');
    respond(desk, onDesk, 487);
    expect(carrier.responses.filter((r) => r.status === 200)).toHaveLength(1);
  });

  it('refusals reach the carrier with the reason: busy channels, absence, disabled number', async () => {
    const { anna } = await answeredCall();

    const second = clientCalls(); // one channel, taken
    const busy = await finalTo(second);
    expect([busy.status, busy.headers.get('x-pbx-reason')]).toEqual([486, 'channels-full']);

    await pbx.company.absences.create({
      employeeId: anna.id,
      from: Date.now() - HOUR,
      to: Date.now() + HOUR,
      reason: 'vacation',
      forwardToEmployeeId: null,
    });
    const third = clientCalls();
    expect((await finalTo(third)).headers.get('x-pbx-reason')).toBe('employee-absent');

    await pbx.company.sipNumbers.updateSettings(anna.sipNumber, { enabled: false });
    const fourth = clientCalls();
    expect((await finalTo(fourth)).headers.get('x-pbx-reason')).toBe('number-disabled');
  });

  it('repeats its 200 to the carrier over UDP until the ACK arrives', async () => {
    const anna = await start();
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const call = clientCalls();
    await answer(phone, await nextInvite(phone));
    const oks = () =>
      carrier.responses.filter((r) => r.status === 200 && r.headers.get('call-id') === call.callId);
    await until(() => oks().length >= 3, 3000, 'three 200s (T1, 2·T1 apart)');
    carrier.send(carrierInDialog(carrier, call, oks()[0]!, 'ACK', 1));
    await new Promise((r) => setTimeout(r, 100));
    const count = oks().length;
    await new Promise((r) => setTimeout(r, 2100));
    expect(oks().length).toBe(count);
  });

  it('a device that stops refreshing its session: the PBX hangs up both legs', async () => {
    const anna = await start();
    const phone = await registeredDevice(pbx, anna.sipNumber, anna.password);
    const call = clientCalls();
    const ringing = await nextInvite(phone);
    expect(ringing.headers.get('session-expires')).toBeDefined();
    await answer(phone, ringing, { headers: ['Session-Expires: 2;refresher=uas'] });
    const ok = await finalTo(call, 200);
    carrier.send(carrierInDialog(carrier, call, ok, 'ACK', 1));
    const [toCarrier, toPhone] = await Promise.all([
      carrier.waitForRequest((r) => r.method === 'BYE', 5000),
      phone.waitForRequest((r) => r.method === 'BYE', 5000),
    ]);
    expect(toCarrier.headers.get('call-id')).toBe(call.callId);
    expect(toPhone.headers.get('call-id')).toBe(ringing.headers.get('call-id'));
    expect(pbx.pbx.dialogs.size).toBe(0);
  });

  it('a re-INVITE from the employee (hold) reaches the carrier in the carrier’s dialog', async () => {
    const { phone, call, ringing } = await answeredCall();
    const held = sendInDialog(phone, ringing, 'INVITE', HOLD_SDP);
    const reinvite = await carrier.waitForRequest(
      (r) => r.method === 'INVITE' && r.headers.get('call-id') === call.callId,
    );
    expect(reinvite.body.toString()).toContain('a=sendonly');
    carrierAnswers(reinvite, 200);
    expect((await held).status).toBe(200);
  });
});

/** The carrier answers a request the PBX sent it. */
function carrierAnswers(request: SipRequest, status: number): void {
  const to = request.headers.get('to') ?? '';
  carrier.send(
    [
      `SIP/2.0 ${status} OK`,
      ...request.headers.getAll('via').map((via) => `Via: ${via}`),
      `From: ${request.headers.get('from')}`,
      `To: ${/tag=/.test(to) ? to : `${to};tag=cr`}`,
      `Call-ID: ${request.headers.get('call-id')}`,
      `CSeq: ${request.headers.get('cseq')}`,
      `Contact: <sip:carrier@127.0.0.1:${carrier.localPort()}>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}
