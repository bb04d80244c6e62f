import { hostileStep } from '../hostile';
import type { Run } from '../run';
import { contactUri, responseTo, UaDialog, unique } from '../sip-ua';
import { header } from '../wire';
import { carrierCallsIn } from './carrier-calls';
import { hangUp, isFinal, isRequest, sdpOf, type Side } from './dialog-steps';
import { sideOf, TRANSPORTS } from './employee-call';

/**
 * A client's call answered by an employee, who transfers it (REFER) to a colleague: the PBX
 * answers 202, reports progress as NOTIFY sipfrags, rings the colleague with the carrier's
 * media; the colleague answers, the first employee hangs up, and the client and the colleague
 * end the call. Needs rtpengine (without the bridge the PBX refuses the transfer).
 */
export async function transfer(run: Run): Promise<void> {
  const plan = run.step('plan');
  const call = await carrierCallsIn(run, 'answer');
  if (!call) return;
  const { carrier, employee } = call;
  const device = run.device('call', plan.pick(TRANSPORTS));
  const target = sideOf(device, 'target');
  const notifies = answerNotifies(run, employee);
  const status = await refer(run, employee, target.number);
  if (status !== 202) {
    notifies.stop();
    if (await hangUp(run, employee, carrier)) run.world.counts.dialogsCompleted++;
    return;
  }
  const atTarget = await run.expect(target.inbox, (m) => m.request && m.method === 'INVITE');
  const toTag = unique('t');
  const contact = contactUri(device.endpoint, device.number);
  const respond = (code: number, label: string, body?: string) =>
    run.send(
      target.endpoint,
      responseTo(atTarget, code, { toTag, contact, body }),
      label,
      'response',
    );
  await hostileStep(run, 'transfer-ringing', {
    endpoint: target.endpoint,
    pbxRequest: { request: atTarget, endpoint: target.endpoint },
  });
  await respond(180, 'transfer-ringing');
  await respond(200, 'transfer-answer', sdpOf(target, true));
  target.ua = UaDialog.asCallee(atTarget, toTag, contact);
  run.inCall(target);
  await run.maybe(target.inbox, isRequest('ACK', target.ua.callId), 1500);
  await notifies.done;
  // The employee who transferred hangs up their own leg; the carrier never hears of it.
  const bye = employee.ua!.request('BYE', employee.endpoint);
  await run.send(employee.endpoint, bye, 'transferor-bye', 'in-dialog');
  await run.maybe(employee.inbox, isFinal(employee.ua!.callId, bye.get('CSeq')!));
  run.world.counts.transfers++;
  const [from, to] = plan.chance(0.5) ? [carrier, target] : [target, carrier];
  if (await hangUp(run, from, to)) run.world.counts.dialogsCompleted++;
}

/** The REFER (retried once on 491 while the bridge is still connecting); its final status. */
async function refer(run: Run, from: Side, number: string): Promise<number> {
  const domain = run.world.address.domain;
  for (let attempt = 0; attempt < 2; attempt++) {
    const request = from.ua!.request('REFER', from.endpoint, [
      ['Refer-To', `<sip:${number}@${domain}>`],
      ['Referred-By', `<sip:${from.number}@${domain}>`],
    ]);
    await run.send(from.endpoint, request, 'refer', 'in-dialog');
    await hostileStep(run, 'refer', {
      endpoint: from.endpoint,
      dialog: { ua: from.ua!, endpoint: from.endpoint },
    });
    const final = await run.expect(from.inbox, isFinal(from.ua!.callId, request.get('CSeq')!));
    if (final.status !== 491) return final.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 491;
}

/** Answers the PBX's NOTIFYs to the transferor until the final sipfrag (or a quiet second). */
function answerNotifies(run: Run, side: Side): { done: Promise<void>; stop: () => void } {
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const notify = await run.maybe(side.inbox, isRequest('NOTIFY', side.ua!.callId), 2000);
      if (!notify) return;
      await run.send(side.endpoint, responseTo(notify, 200), 'notify-answer', 'response');
      if (/terminated/i.test(header(notify, 'subscription-state') ?? '')) return;
    }
  })().catch(() => undefined); // the PBX died: the scenario's own next step says so
  return { done, stop: () => (stopped = true) };
}
