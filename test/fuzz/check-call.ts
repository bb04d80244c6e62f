import type { Transport } from './endpoints';
import { registerDevice } from './registration';
import { NoDevice, PbxGone, Run, StepTimeout } from './run';
import { dial } from './scenarios/dial';
import { hangUp, isRequest, sdpOf } from './scenarios/dialog-steps';
import { ring, sideOf } from './scenarios/employee-call';
import { UaDialog } from './sip-ua';
import type { Device, World } from './world';

const TRANSPORTS: readonly Transport[] = ['udp', 'tcp', 'ws'];

/**
 * The call that must always work: two fresh devices register with digest authentication, one
 * calls the other (INVITE, 180, 200, ACK) and hangs up (BYE, 200). Nothing in it is broken on
 * purpose. Resolves with why it failed, or undefined when it completed.
 */
export async function checkCall(
  world: World,
  seed: number,
  n: number,
): Promise<string | undefined> {
  const run = new Run(world, seed, -1 - n, { mutation: 0, hostile: 0 }, new Set());
  const fresh: Device[] = [];
  try {
    for (const transport of [TRANSPORTS[n % 3]!, TRANSPORTS[(n + 1) % 3]!]) {
      const device = await world.freshDevice('check', transport);
      if (!device) throw new NoDevice();
      fresh.push(device);
      const status = await registerDevice(world, device, device.owner!, 'check');
      if (status !== 200) return `REGISTER over ${transport} got ${status || 'no answer'}`;
    }
    const [a, b] = fresh as [Device, Device];
    const caller = sideOf(a, 'caller');
    const callee = sideOf(b, 'callee');
    const uri = `sip:${b.number}@${world.address.domain}`;
    const { invite, cseq, callId, contact } = await dial(run, a, caller, uri, sdpOf(caller));
    const atCallee = await run.expect(callee.inbox, isRequest('INVITE', callId));
    const ringing = { invite, cseq, callId, caller, callee, atCallee, device: b };
    const answered = await ring(run, 'answer', ringing);
    if (!answered) return 'the INVITE was refused';
    const seq = Number(cseq.split(' ')[0]);
    caller.ua = UaDialog.asCaller(invite, answered.ok, contact, seq);
    callee.ua = UaDialog.asCallee(atCallee, answered.toTag, answered.contact);
    await run.send(caller.endpoint, caller.ua.request('ACK', caller.endpoint, [], '', seq), 'ack');
    await run.expect(callee.inbox, isRequest('ACK', callId));
    if (!(await hangUp(run, caller, callee))) return 'the BYE was not answered 200';
    for (const device of fresh) {
      const status = await registerDevice(world, device, device.owner!, 'check', { expires: 0 });
      if (status !== 200) return `un-REGISTER got ${status || 'no answer'}`;
    }
    return undefined;
  } catch (error) {
    if (error instanceof PbxGone) return 'the PBX is gone';
    if (error instanceof StepTimeout) return 'a step got no answer within 3 s';
    if (error instanceof NoDevice) return 'no check device free';
    throw error;
  } finally {
    for (const device of fresh) world.closeFresh(device);
  }
}
