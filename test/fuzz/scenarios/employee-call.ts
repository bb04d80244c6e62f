import type { Transport } from '../endpoints';
import { hostileStep } from '../hostile';
import { ANNOUNCEMENT_WAIT_MS, WAIT_MS, type Run } from '../run';
import { contactUri, responseTo, UaDialog, unique } from '../sip-ua';
import type { Outgoing, Received } from '../wire';
import type { Device } from '../world';
import { cancelOf, dial } from './dial';
import { hangUp, isFinal, isRequest, midCall, sdpOf, type Action, type Side } from './dialog-steps';

export const TRANSPORTS: readonly Transport[] = ['udp', 'tcp', 'ws'];
const ACTIONS: readonly Action[] = ['re-invite', 'update', 'info', 'options', 'refer'];

export function sideOf(device: Device, name: string): Side {
  return {
    name,
    endpoint: device.endpoint,
    inbox: device.owner!,
    kind: device.transport,
    number: device.number,
  };
}

/**
 * A call between two employees' devices through the PBX (proxied, Record-Routed): the caller
 * authenticates, the callee rings and answers, refuses, or loses a CANCEL race; then a few
 * in-dialog transactions and a BYE from either side.
 */
export async function employeeCall(run: Run): Promise<void> {
  const plan = run.step('plan');
  const a = run.device('call', plan.pick(TRANSPORTS));
  const b = run.device('call', plan.pick(TRANSPORTS));
  const caller = sideOf(a, 'caller');
  const callee = sideOf(b, 'callee');
  const uri = `sip:${b.number}@${run.world.address.domain}`;
  const { invite, cseq, callId, contact } = await dial(run, a, caller, uri, sdpOf(caller));
  const atCallee = await run.expect(callee.inbox, isRequest('INVITE', callId));
  const outcome = plan.weighted<'answer' | 'refuse' | 'cancel' | 'race'>([
    ['answer', 16],
    ['refuse', 1],
    ['cancel', 2],
    ['race', 1],
  ]);
  const answered = await ring(run, outcome, {
    invite,
    cseq,
    callId,
    caller,
    callee,
    atCallee,
    device: b,
  });
  if (!answered) return;
  caller.ua = UaDialog.asCaller(invite, answered.ok, contact, Number(cseq.split(' ')[0]));
  callee.ua = UaDialog.asCallee(atCallee, answered.toTag, answered.contact);
  run.inCall(caller, callee);
  const ack = caller.ua.request('ACK', caller.endpoint, [], '', Number(cseq.split(' ')[0]));
  await run.send(caller.endpoint, ack, 'ack', 'in-dialog');
  await run.maybe(callee.inbox, isRequest('ACK', callId), 1000);
  await midCall(run, plan, caller, callee, ACTIONS, false);
  const [from, to] = plan.chance(0.5) ? [caller, callee] : [callee, caller];
  if (await hangUp(run, from, to)) run.world.counts.dialogsCompleted++;
}

export interface Ringing {
  invite: Outgoing;
  cseq: string;
  callId: string;
  caller: Side;
  callee: Side;
  /** The INVITE as it reached the callee's device. */
  atCallee: Received;
  device: Device;
}

/**
 * The callee's device rings, then the call is answered, refused, cancelled by the caller, or
 * answered while the caller cancels. Resolves with the caller's 2xx when there is a dialog.
 */
export async function ring(
  run: Run,
  outcome: 'answer' | 'refuse' | 'cancel' | 'race',
  call: Ringing,
): Promise<{ ok: Received; toTag: string; contact: string } | undefined> {
  const { caller, callee, atCallee, callId, cseq } = call;
  const toTag = unique('t');
  const contact = contactUri(call.device.endpoint, call.device.number);
  const respond = (status: number, label: string, body?: string) =>
    run.send(
      callee.endpoint,
      responseTo(atCallee, status, { toTag, contact, body }),
      label,
      'response',
    );
  const pbxRequest = { request: atCallee, endpoint: callee.endpoint };
  await hostileStep(run, 'incoming', { endpoint: callee.endpoint, pbxRequest });
  await respond(180, 'ringing');
  if (outcome === 'refuse') {
    await respond(run.step('refusal').pick([486, 603, 480]), 'refuse');
  } else if (outcome === 'answer') {
    await respond(200, 'answer', sdpOf(callee, true));
    await hostileStep(run, 'answered', {
      endpoint: callee.endpoint,
      pbxRequest: { ...pbxRequest, answered: true },
    });
  } else {
    const isProgress = (m: Received) =>
      !m.request && m.status > 100 && m.headers.get('call-id')?.[0] === callId;
    await run.expect(caller.inbox, isProgress, WAIT_MS, true);
    await run.send(caller.endpoint, cancelOf(call.invite), 'cancel', 'request');
    if (outcome === 'race') await respond(200, 'answer', sdpOf(callee, true));
    const calleeCallId = atCallee.headers.get('call-id')?.[0] ?? '';
    const cancel = await run.maybe(callee.inbox, isRequest('CANCEL', calleeCallId), 1500);
    if (cancel) {
      await run.send(
        callee.endpoint,
        responseTo(cancel, 200, { toTag }),
        'cancel-answer',
        'response',
      );
      if (outcome === 'cancel') await respond(487, 'terminated');
    }
  }
  // A refusal may reach a carrier caller or an IP phone after a recorded announcement.
  const wait = outcome === 'refuse' ? ANNOUNCEMENT_WAIT_MS : WAIT_MS;
  const final = await run.expect(caller.inbox, isFinal(callId, cseq), wait);
  if (final.status >= 300) {
    run.world.counts.callsEndedEarly++;
    return undefined;
  }
  return { ok: final, toTag, contact };
}
