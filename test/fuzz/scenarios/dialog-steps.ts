/**
 * Steps every call scenario shares once a dialog exists: a transaction inside it (re-INVITE,
 * UPDATE, INFO, OPTIONS, REFER with its NOTIFY), hanging up, and the random sequence of them.
 */
import type { Endpoint, Transport } from '../endpoints';
import { hostileStep } from '../hostile';
import type { Inbox } from '../inbox';
import type { Prng } from '../prng';
import { WAIT_MS, type Run } from '../run';
import { plainSdp, responseTo, webrtcSdp, type UaDialog } from '../sip-ua';
import { header, type Received } from '../wire';

/** One party of a call as the scenario plays it. */
export interface Side {
  name: string;
  endpoint: Endpoint;
  inbox: Inbox;
  /** Its dialog, once it has one. */
  ua?: UaDialog;
  /** The employee's device transport, or `carrier` (plain RTP). */
  kind: Transport | 'carrier';
  /** A SIP number or E.164 number, for transfers and Refer-To. */
  number: string;
}

let sdpVersion = 1;
/** An SDP the side's device would send: WebRTC for a WebSocket softphone, plain RTP else. */
export function sdpOf(side: Side, answer = false): string {
  const port = 30000 + ((sdpVersion * 2) % 20000);
  sdpVersion++;
  return side.kind === 'ws'
    ? webrtcSdp(port, answer ? 'active' : 'actpass', sdpVersion)
    : plainSdp(port, sdpVersion);
}

export const isRequest = (method: string, callId: string) => (m: Received) =>
  m.request && m.method === method && header(m, 'call-id') === callId;

export const isFinal = (callId: string, cseq: string) => (m: Received) =>
  !m.request && m.status >= 200 && header(m, 'call-id') === callId && header(m, 'cseq') === cseq;

export interface TransactionOptions {
  extra?: [string, string][];
  body?: string;
  /** False when the PBX answers it itself (an UPDATE refresh on a back-to-back call). */
  relayed?: boolean;
  /** The status the receiving side answers with. */
  status?: number;
}

/**
 * A request from one side inside the dialog, answered by the other side when the PBX passes
 * it on (with SDP for an INVITE, whose 2xx is then ACKed). Resolves with the final status.
 */
export async function transaction(
  run: Run,
  from: Side,
  to: Side,
  method: string,
  label: string,
  options: TransactionOptions = {},
): Promise<number> {
  const ua = from.ua!;
  const request = ua.request(method, from.endpoint, options.extra, options.body ?? '');
  const cseq = request.get('CSeq')!;
  await run.send(from.endpoint, request, label, 'in-dialog');
  await hostileStep(run, label, {
    endpoint: from.endpoint,
    dialog: { ua, endpoint: from.endpoint },
  });
  // The sender's final response may come without the request reaching the other side (the
  // PBX refused or answered it itself): whichever comes first ends the wait for the other.
  const early = run.maybe(from.inbox, isFinal(ua.callId, cseq));
  const relayed = new AbortController();
  void early.then(
    (final) => final && relayed.abort(),
    () => relayed.abort(),
  );
  if (options.relayed !== false && to.ua) {
    const arrived = await run.maybe(
      to.inbox,
      isRequest(method, to.ua.callId),
      WAIT_MS,
      relayed.signal,
    );
    if (arrived) {
      const body = method === 'INVITE' ? sdpOf(to, true) : undefined;
      const reply = responseTo(arrived, options.status ?? (method === 'REFER' ? 202 : 200), {
        contact: to.ua.contact,
        body,
      });
      await run.send(to.endpoint, reply, `${label}-answer`, 'response');
      await hostileStep(run, `${label}-answer`, {
        endpoint: to.endpoint,
        dialog: { ua: to.ua, endpoint: to.endpoint },
      });
    }
  }
  const final = (await early) ?? (await run.expect(from.inbox, isFinal(ua.callId, cseq)));
  if (method === 'INVITE' && final.status < 300) {
    const ack = ua.request('ACK', from.endpoint, [], '', Number(cseq.split(' ')[0]));
    await run.send(from.endpoint, ack, `${label}-ack`, 'in-dialog');
  }
  return final.status;
}

/** Hangs up from one side; true when the BYE was answered 200. */
export async function hangUp(run: Run, from: Side, to: Side, label = 'bye'): Promise<boolean> {
  const status = await transaction(run, from, to, 'BYE', label);
  run.hungUp(from, to);
  return status === 200;
}

/**
 * A REFER from one side (a transfer the peer is asked to make) answered 202, then the peer's
 * NOTIFY with the outcome as a sipfrag, answered 200 (RFC 3515).
 */
export async function referAndNotify(
  run: Run,
  from: Side,
  to: Side,
  target: string,
): Promise<void> {
  const domain = run.world.address.domain;
  const extra: [string, string][] = [
    ['Refer-To', `<sip:${target}@${domain}>`],
    ['Referred-By', `<sip:${from.number}@${domain}>`],
  ];
  const status = await transaction(run, from, to, 'REFER', 'refer', { extra });
  if (status >= 300 || !to.ua) return;
  const notify: [string, string][] = [
    ['Event', 'refer'],
    ['Subscription-State', 'terminated;reason=noresource'],
    ['Content-Type', 'message/sipfrag'],
  ];
  await transaction(run, to, from, 'NOTIFY', 'notify', {
    extra: notify,
    body: 'SIP/2.0 200 OK\r\n',
  });
}

export type Action = 're-invite' | 'update' | 'info' | 'options' | 'refer';

/**
 * A few in-dialog transactions between two sides, each from a random side; `b2b` when the PBX
 * is a back-to-back agent between them (refreshes without SDP end at the PBX, REFER is its).
 */
export async function midCall(
  run: Run,
  p: Prng,
  a: Side,
  b: Side,
  actions: readonly Action[],
  b2b: boolean,
): Promise<void> {
  for (let n = p.between(0, 2); n > 0; n--) {
    const action = p.pick(actions);
    const [from, to] = p.chance(0.5) ? [a, b] : [b, a];
    if (!from.ua || !to.ua) return;
    if (action === 're-invite') {
      // A re-INVITE with a session interval is also a refresh (RFC 4028).
      const extra: [string, string][] = p.chance(0.5)
        ? [
            ['Session-Expires', '90;refresher=uac'],
            ['Supported', 'timer'],
          ]
        : [];
      await transaction(run, from, to, 'INVITE', 'reinvite', { body: sdpOf(from), extra });
    } else if (action === 'update') {
      const extra: [string, string][] = [
        ['Session-Expires', '90;refresher=uac'],
        ['Supported', 'timer'],
      ];
      await transaction(run, from, to, 'UPDATE', 'update', { extra, relayed: !b2b });
    } else if (action === 'info') {
      const extra: [string, string][] = [['Content-Type', 'application/dtmf-relay']];
      await transaction(run, from, to, 'INFO', 'info', {
        extra,
        body: 'Signal=5\r\nDuration=160\r\n',
      });
    } else if (action === 'options') {
      await transaction(run, from, to, 'OPTIONS', 'options');
    } else {
      await referAndNotify(run, from, to, p.chance(0.5) ? a.number : b.number);
    }
  }
}
