import { hostileStep } from '../hostile';
import { ANNOUNCEMENT_WAIT_MS, PbxRefused, StepTimeout, WAIT_MS, type Run } from '../run';
import { branch, plainSdp, responseTo, UaDialog, unique, via } from '../sip-ua';
import { header, Outgoing, type Received } from '../wire';
import { cancelOf, dial } from './dial';
import { hangUp, isRequest, midCall, sdpOf, type Action, type Side } from './dialog-steps';
import { ring, sideOf, TRANSPORTS } from './employee-call';

/** In a call with the carrier a REFER is the PBX's own business (see transfer.ts). */
const ACTIONS: readonly Action[] = ['re-invite', 'update', 'info', 'options'];

/** A client number in St Petersburg, different for every scenario in flight. */
export function clientNumber(index: number): string {
  return `+7812${String(index % 10_000_000).padStart(7, '0')}`;
}

export function carrierSide(run: Run, number: string): Side {
  return {
    name: 'carrier',
    endpoint: run.world.carrier,
    inbox: run.carrier(),
    kind: 'carrier',
    number,
  };
}

/**
 * An employee calls an outside number: the PBX places the call on the carrier trunk (the
 * fuzzer's carrier), which rings, answers, refuses, or is cancelled; then in-dialog
 * transactions across the back-to-back call and a BYE from either side.
 */
export async function carrierOutbound(run: Run): Promise<void> {
  const plan = run.step('plan');
  const device = run.device('call', plan.pick(TRANSPORTS));
  const employee = sideOf(device, 'employee');
  const number = clientNumber(run.index);
  run.awaitCarrierInvite(number);
  const carrier = carrierSide(run, number);
  const uri = `sip:${number}@${run.world.address.domain}`;
  const { invite, cseq, callId, contact } = await dial(run, device, employee, uri, sdpOf(employee));
  const atCarrier = await run.expect(carrier.inbox, (m) => m.request && m.method === 'INVITE');
  const carrierCallId = header(atCarrier, 'call-id') ?? '';
  run.claimCarrierCall(carrierCallId);
  const toTag = unique('c');
  const carrierContact = `sip:carrier@127.0.0.1:${run.world.carrier.port}`;
  const respond = (status: number, label: string, body?: string) =>
    run.send(
      carrier.endpoint,
      responseTo(atCarrier, status, { toTag, contact: carrierContact, body }),
      label,
      'response',
    );
  const pbxRequest = { request: atCarrier, endpoint: carrier.endpoint };
  await hostileStep(run, 'carrier-incoming', { endpoint: carrier.endpoint, pbxRequest });
  const outcome = plan.weighted([
    ['answer', 14],
    ['refuse', 1],
    ['cancel', 2],
  ]);
  await respond(
    plan.chance(0.5) ? 180 : 183,
    'carrier-ringing',
    plan.chance(0.5) ? plainSdp(40000) : undefined,
  );
  if (outcome === 'refuse') {
    await respond(plan.pick([486, 503, 404, 603]), 'carrier-refuse');
  } else if (outcome === 'cancel') {
    await run.expect(
      employee.inbox,
      (m) => !m.request && m.status > 100 && header(m, 'call-id') === callId,
      WAIT_MS,
      true,
    );
    await run.send(employee.endpoint, cancelOf(invite), 'cancel', 'request');
    const cancel = await run.maybe(carrier.inbox, isRequest('CANCEL', carrierCallId), 1500);
    if (cancel) {
      await run.send(
        carrier.endpoint,
        responseTo(cancel, 200, { toTag }),
        'carrier-cancel-ok',
        'response',
      );
      await respond(487, 'carrier-terminated');
    }
  } else {
    await respond(200, 'carrier-answer', plainSdp(40002));
    await hostileStep(run, 'carrier-answered', {
      endpoint: carrier.endpoint,
      pbxRequest: { ...pbxRequest, answered: true },
    });
  }
  const final = await run.expect(
    employee.inbox,
    (m) =>
      !m.request &&
      m.status >= 200 &&
      header(m, 'call-id') === callId &&
      header(m, 'cseq') === cseq,
  );
  if (final.status >= 300) {
    run.world.counts.callsEndedEarly++;
    return;
  }
  const seq = Number(cseq.split(' ')[0]);
  employee.ua = UaDialog.asCaller(invite, final, contact, seq);
  carrier.ua = UaDialog.asCallee(atCarrier, toTag, carrierContact);
  run.inCall(employee, carrier);
  await run.send(
    employee.endpoint,
    employee.ua.request('ACK', employee.endpoint, [], '', seq),
    'ack',
    'in-dialog',
  );
  await run.maybe(carrier.inbox, isRequest('ACK', carrierCallId), 1000);
  await midCall(run, plan, employee, carrier, ACTIONS, true);
  const [from, to] = plan.chance(0.5) ? [employee, carrier] : [carrier, employee];
  if (await hangUp(run, from, to)) run.world.counts.dialogsCompleted++;
}

export interface CarrierCall {
  carrier: Side;
  employee: Side;
  /** The employee leg's INVITE as the device got it. */
  atEmployee: Received;
}

/**
 * A client calls a company number through the carrier; the PBX rings the employee the number
 * belongs to. Resolves with both sides in their dialogs once answered and ACKed, or undefined
 * when the call ended before (refused, cancelled).
 */
export async function carrierCallsIn(
  run: Run,
  outcome: 'answer' | 'refuse' | 'cancel' | 'race',
): Promise<CarrierCall | undefined> {
  const plan = run.step('plan-in');
  const device = run.device('inbound', plan.pick(TRANSPORTS));
  const employee = sideOf(device, 'employee');
  const number = clientNumber(run.index);
  const carrier = carrierSide(run, number);
  const { sip } = run.world.address;
  const endpoint = run.world.carrier;
  const callId = unique('carrier');
  run.claimCarrierCall(callId);
  const contact = `sip:carrier@127.0.0.1:${endpoint.port}`;
  const build = (id: string) =>
    new Outgoing(
      `INVITE sip:${device.companyNumber}@127.0.0.1:${sip} SIP/2.0`,
      [
        ['Via', via(endpoint, branch())],
        ['Max-Forwards', '70'],
        ['From', `<sip:${number}@127.0.0.1>;tag=${unique('c')}`],
        ['To', `<sip:${device.companyNumber}@127.0.0.1>`],
        ['Call-ID', id],
        ['CSeq', '1 INVITE'],
        ['Contact', `<${contact}>`],
        ['Supported', 'timer'],
      ],
      plainSdp(40004),
    );
  const invite = build(callId);
  await run.send(endpoint, invite, 'carrier-invite', 'request', () => build(unique('mut')));
  await hostileStep(run, 'carrier-invite', { endpoint });
  const atEmployee = await employeeRung(run, { employee, carrier, invite, callId });
  const employeeCallId = header(atEmployee, 'call-id') ?? '';
  const ringing = {
    invite,
    cseq: '1 INVITE',
    callId,
    caller: carrier,
    callee: employee,
    atCallee: atEmployee,
    device,
  };
  const answered = await ring(run, outcome, ringing);
  if (!answered) return undefined;
  carrier.ua = UaDialog.asCaller(invite, answered.ok, contact, 1);
  employee.ua = UaDialog.asCallee(atEmployee, answered.toTag, answered.contact);
  run.inCall(carrier, employee);
  await run.send(
    endpoint,
    carrier.ua.request('ACK', endpoint, [], '', 1),
    'carrier-ack',
    'in-dialog',
  );
  await run.maybe(employee.inbox, isRequest('ACK', employeeCallId), 1000);
  return { carrier, employee, atEmployee };
}

/**
 * The INVITE that rings the employee; or, when the PBX answers the carrier itself first, a
 * PbxRefused: its final status, or `183` with a recorded announcement (SPEC "Announcements"),
 * which a client hangs up on (CANCEL) or, now and then, hears to the end and its final status.
 */
async function employeeRung(
  run: Run,
  call: { employee: Side; carrier: Side; invite: Outgoing; callId: string },
): Promise<Received> {
  const { employee, carrier, invite, callId } = call;
  const fromPbx = (m: Received) => !m.request && m.status > 100 && header(m, 'call-id') === callId;
  const rung = new AbortController();
  const refused = new AbortController();
  const pbxAnswer = run.maybe(carrier.inbox, fromPbx, WAIT_MS, rung.signal);
  void pbxAnswer.then(
    (answer) => answer && refused.abort(),
    () => refused.abort(),
  );
  const isInvite = (m: Received) => m.request && m.method === 'INVITE';
  const atEmployee = await run.maybe(employee.inbox, isInvite, WAIT_MS, refused.signal);
  rung.abort();
  if (atEmployee) return atEmployee;
  const answer = await pbxAnswer;
  if (!answer) throw new StepTimeout('no answer after "carrier-invite"');
  if (answer.status >= 200) throw new PbxRefused(refusalOf(answer));
  const listens = run.step('announcement').chance(0.25);
  if (!listens)
    await run.send(carrier.endpoint, cancelOf(invite), 'cancel-announcement', 'request');
  const isFinalAnswer = (m: Received) =>
    fromPbx(m) && m.status >= 200 && /INVITE/i.test(header(m, 'cseq') ?? '');
  const final = await run.expect(carrier.inbox, isFinalAnswer, ANNOUNCEMENT_WAIT_MS);
  throw new PbxRefused(`${answer.status} then ${refusalOf(final)}`);
}

/** A PBX refusal as the report counts it: the status and the `X-Pbx-Reason` token. */
function refusalOf(response: Received): string {
  const reason = header(response, 'x-pbx-reason');
  return reason ? `${response.status} ${reason}` : String(response.status);
}

/** A client's call to a company number, answered or not, then a few transactions and a BYE. */
export async function carrierInbound(run: Run): Promise<void> {
  const plan = run.step('plan');
  const outcome = plan.weighted<'answer' | 'refuse' | 'cancel' | 'race'>([
    ['answer', 14],
    ['refuse', 1],
    ['cancel', 2],
    ['race', 1],
  ]);
  const call = await carrierCallsIn(run, outcome);
  if (!call) return;
  await midCall(run, plan, call.carrier, call.employee, ACTIONS, true);
  const [from, to] = plan.chance(0.5)
    ? [call.carrier, call.employee]
    : [call.employee, call.carrier];
  if (await hangUp(run, from, to)) run.world.counts.dialogsCompleted++;
}
