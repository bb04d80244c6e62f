/**
 * A test bed for the dialog layer: a real transaction layer and dialog layer over a recording
 * flow, and a far end that speaks SIP text (parsed as the PBX would receive it). Tests drive a
 * UAS, UAC or dialog with messages and read what went out on the wire.
 */
import { parseMessage } from '../parser';
import type { SipMessage, SipRequest, SipResponse } from '../message';
import { TransactionLayer } from '../transaction';
import type { ServerTransaction } from '../transaction';
import { FakeFlow } from '../transaction/test-support';
import type { TimerValues } from '../transaction/timers';
import type { TransportProtocol } from '../transport/flow';
import { DialogLayer } from './dialog-layer';

export const OFFER =
  'v=0\r\no=peer 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';
export const ANSWER =
  'v=0\r\no=pbx 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 8\r\n';
export const sdp = (text: string) => ({ type: 'application/sdp', data: Buffer.from(text) });

/** What the far end adds to a message: header lines, a body (SDP unless said otherwise). */
export interface PeerExtra {
  headers?: string[];
  body?: string;
}

export function dialogBed(protocol: TransportProtocol = 'udp', timers?: Partial<TimerValues>) {
  const flow = new FakeFlow(protocol);
  /** Requests no dialog took: the rest of the PBX would route them. */
  const unmatched: { request: SipRequest; tx: ServerTransaction | null }[] = [];
  const transactions: TransactionLayer = new TransactionLayer({
    timers,
    onRequest: (request, tx) => {
      if (!layer.handle(request, tx)) unmatched.push({ request, tx });
    },
  });
  const layer = new DialogLayer({
    transactions,
    identity: { via: (_flow, branch) => `SIP/2.0/UDP 192.0.2.1:5060;branch=${branch};rport` },
  });
  let cseq = 1;
  const peer = {
    /** Sends SIP text as the far end, on the flow. */
    send(lines: string[], extra: PeerExtra = {}): SipMessage {
      const body = extra.body ?? '';
      const text = [
        ...lines,
        ...(extra.headers ?? []),
        ...(body ? ['Content-Type: application/sdp'] : []),
        `Content-Length: ${Buffer.byteLength(body)}`,
        '',
        body,
      ].join('\r\n');
      const message = parseMessage(Buffer.from(text));
      transactions.receive(parseMessage(Buffer.from(text)), flow);
      return message;
    },
    /** The far end's INVITE to the PBX (Call-ID `call-1`, From tag `peer1`). */
    invite(extra: PeerExtra = {}): SipRequest {
      return peer.send(
        [
          'INVITE sip:pbx@192.0.2.1 SIP/2.0',
          'Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bKinvite1;rport',
          'Max-Forwards: 70',
          'From: <sip:alice@example.com>;tag=peer1',
          'To: <sip:bob@192.0.2.1>',
          'Call-ID: call-1',
          'CSeq: 1 INVITE',
          'Contact: <sip:alice@198.51.100.7:5062>',
          'Allow: INVITE, ACK, CANCEL, BYE, UPDATE',
        ],
        { body: OFFER, ...extra },
      ) as SipRequest;
    },
    /**
     * A request of the far end's inside the dialog `seen` (a message the PBX sent in it): From
     * and To swapped when `seen` is the PBX's request, kept when it is the PBX's response.
     */
    inDialog(seen: SipMessage, method: string, extra: PeerExtra & { cseq?: number } = {}) {
      const [from, to] =
        seen.type === 'request'
          ? [seen.headers.get('to'), seen.headers.get('from')]
          : [seen.headers.get('from'), seen.headers.get('to')];
      const seq = extra.cseq ?? (method === 'ACK' ? 1 : ++cseq);
      return peer.send(
        [
          `${method} sip:pbx@192.0.2.1 SIP/2.0`,
          `Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bKpeer${method}${seq}x${++counter};rport`,
          'Max-Forwards: 70',
          `From: ${from}`,
          `To: ${to}`,
          `Call-ID: ${seen.headers.get('call-id')}`,
          `CSeq: ${seq} ${method}`,
          'Contact: <sip:alice@198.51.100.7:5062>',
        ],
        extra,
      ) as SipRequest;
    },
    /** The far end's response to a request the PBX sent, with its To tag. */
    respond(
      request: SipRequest,
      status: number,
      extra: PeerExtra & { tag?: string; reason?: string } = {},
    ): SipResponse {
      const to = request.headers.get('to') ?? '';
      const tag = extra.tag ?? 'peer2';
      return peer.send(
        [
          `SIP/2.0 ${status} ${extra.reason ?? 'Reason'}`,
          ...request.headers.getAll('via').map((via) => `Via: ${via}`),
          `From: ${request.headers.get('from')}`,
          `To: ${request.toTag || status === 100 ? to : `${to};tag=${tag}`}`,
          `Call-ID: ${request.callId}`,
          `CSeq: ${request.headers.get('cseq')}`,
          ...(status > 100 && status < 300 ? ['Contact: <sip:carol@198.51.100.7:5062>'] : []),
        ],
        extra,
      ) as SipResponse;
    },
  };
  let counter = 0;
  return {
    flow,
    layer,
    transactions,
    unmatched,
    peer,
    /** Messages the PBX sent, in order. */
    sent: () => flow.sent.map((entry) => entry.message),
    /** Requests the PBX sent with this method. */
    requests: (method: string) =>
      flow.sent
        .map((entry) => entry.message)
        .filter((m): m is SipRequest => m.type === 'request' && m.method === method),
    /** Responses the PBX sent with this status (and CSeq method, when given). */
    responses: (status: number, method?: string) =>
      flow.sent
        .map((entry) => entry.message)
        .filter(
          (m): m is SipResponse =>
            m.type === 'response' && m.status === status && (!method || m.cseq?.method === method),
        ),
    /** The server transaction of the peer's last INVITE. */
    inviteTx: () => unmatched.findLast((u) => u.request.method === 'INVITE')!.tx!,
  };
}

/** A guard that records what it caught instead of ending a call. */
export function recordingGuard() {
  const faults: { where: string; error: unknown }[] = [];
  const guard = (where: string, work: () => void) => {
    try {
      work();
    } catch (error) {
      faults.push({ where, error });
    }
  };
  return { guard, faults };
}
