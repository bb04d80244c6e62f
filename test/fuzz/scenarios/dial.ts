import type { Run } from '../run';
import { StepTimeout } from '../run';
import { branch, contactUri, unique, via } from '../sip-ua';
import { Outgoing } from '../wire';
import type { Device } from '../world';
import { hostileStep } from '../hostile';
import type { Side } from './dialog-steps';

export interface Dialled {
  /** The INVITE the PBX let through (with credentials). */
  invite: Outgoing;
  /** Its CSeq value, e.g. `2 INVITE`. */
  cseq: string;
  callId: string;
  contact: string;
}

/**
 * An employee's device calls `uri` as a phone does: with the credentials of its last
 * challenge when it has them, answering a 407 with a digest otherwise. Broken copies of the
 * INVITE are calls of their own (another Call-ID, or the same one with another branch).
 */
export async function dial(
  run: Run,
  caller: Device,
  side: Side,
  uri: string,
  sdp: string,
): Promise<Dialled> {
  const domain = run.world.address.domain;
  const callId = unique('call');
  const fromTag = unique('f');
  const contact = contactUri(caller.endpoint, caller.number);
  const build = (id: string, seq: number) => {
    const invite = new Outgoing(
      `INVITE ${uri} SIP/2.0`,
      [
        ['Via', via(caller.endpoint, branch())],
        ['Max-Forwards', '70'],
        ['From', `<sip:${caller.number}@${domain}>;tag=${fromTag}`],
        ['To', `<${uri}>`],
        ['Call-ID', id],
        ['CSeq', `${seq} INVITE`],
        ['Contact', `<${contact}>`],
        ['Supported', 'timer, replaces'],
        ['Session-Expires', '90'],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, UPDATE, INFO, REFER, NOTIFY, OPTIONS'],
      ],
      sdp,
    );
    if (caller.creds.ready) invite.fields.push(caller.creds.authorize('INVITE', uri));
    return invite;
  };
  for (let seq = 1; seq <= 3; seq++) {
    const invite = build(callId, seq);
    const merged = run.step('invite-variant').chance(0.3);
    await run.send(caller.endpoint, invite, 'invite', 'request', () =>
      build(merged ? callId : unique('mut'), seq),
    );
    await hostileStep(run, 'invite', { endpoint: caller.endpoint });
    const cseq = `${seq} INVITE`;
    const first = await run.expect(
      side.inbox,
      (m) =>
        !m.request &&
        m.headers.get('call-id')?.[0] === callId &&
        m.headers.get('cseq')?.[0] === cseq,
    );
    const challenged = first.status === 407 || first.status === 401;
    if (!challenged || !caller.creds.learn(first)) return { invite, cseq, callId, contact };
  }
  throw new StepTimeout('challenged three times');
}

/** The CANCEL of a ringing INVITE (RFC 3261 §9.1): its branch, Request-URI and CSeq number. */
export function cancelOf(invite: Outgoing): Outgoing {
  const seq = (invite.get('CSeq') ?? '1').split(' ')[0];
  return new Outgoing(invite.start.replace(/^INVITE/, 'CANCEL'), [
    ['Via', invite.get('Via') ?? ''],
    ['Max-Forwards', '70'],
    ['From', invite.get('From') ?? ''],
    ['To', invite.get('To') ?? ''],
    ['Call-ID', invite.get('Call-ID') ?? ''],
    ['CSeq', `${seq} CANCEL`],
  ]);
}
