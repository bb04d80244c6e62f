import type { Endpoint } from './endpoints';
import { branch, responseTo } from './sip-ua';
import { header, headers, Outgoing, tagOf, uriOf, type Received } from './wire';

/** Branches of the fuzzer's own requests start so (`sip-ua.ts` `branch()`). */
export const OWN_BRANCH = 'z9hG4bKfz';

const topBranch = (message: Received) =>
  /;\s*branch=([^;\s,]+)/i.exec(header(message, 'via') ?? '')?.[1] ?? '';

/** Whether a response answers a request the fuzzer sent (not one relayed from elsewhere). */
export function answersOwnRequest(response: Received): boolean {
  return !response.request && topBranch(response).startsWith(OWN_BRANCH);
}

/**
 * The ACK for a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): same branch, so it
 * ends the PBX's server transaction. The fuzzer sends it at once for every such response, so
 * no scenario has to and the PBX never retransmits a refusal for 32 s.
 */
export function ackFailure(endpoint: Endpoint, response: Received): void {
  if (response.request || response.method !== 'INVITE' || response.status < 300) return;
  if (!answersOwnRequest(response)) return;
  const seq = (header(response, 'cseq') ?? '').split(/\s+/)[0] ?? '1';
  const ack = new Outgoing(`ACK ${uriOf(header(response, 'to')) || 'sip:x@127.0.0.1'} SIP/2.0`, [
    ['Via', header(response, 'via') ?? ''],
    ['Max-Forwards', '70'],
    ['From', header(response, 'from') ?? ''],
    ['To', header(response, 'to') ?? ''],
    ['Call-ID', header(response, 'call-id') ?? ''],
    ['CSeq', `${seq} ACK`],
  ]);
  endpoint.send(ack.bytes());
}

/**
 * What a device does with a message no scenario waits for: answers requests so that the PBX's
 * transactions end now rather than on their timers (486 to a new INVITE, 481 in a dialog it
 * does not know, 200 to BYE, CANCEL, NOTIFY and the like), and ends a dialog a 2xx set up
 * (ACK, then BYE).
 */
export function answerStray(endpoint: Endpoint, message: Received): void {
  if (!message.request) return endAnswered(endpoint, message);
  const inDialog = tagOf(header(message, 'to')) !== undefined;
  let status: number;
  if (message.method === 'ACK') return;
  // A request inside a dialog this device does not have (any more): 481, as RFC 3261 §12.2.2
  // and PJSIP or baresip answer; it is how the PBX's probe learns a call was forgotten.
  if (inDialog && message.method !== 'BYE') {
    endpoint.send(responseTo(message, 481).bytes());
    return;
  }
  switch (message.method) {
    case 'INVITE':
      status = 486;
      break;
    case 'CANCEL':
    case 'BYE':
    case 'NOTIFY':
    case 'INFO':
    case 'UPDATE':
    case 'OPTIONS':
    case 'MESSAGE':
      status = 200;
      break;
    default:
      status = 481;
  }
  endpoint.send(responseTo(message, status).bytes());
}

function endAnswered(endpoint: Endpoint, response: Received): void {
  if (response.method !== 'INVITE' || response.status < 200 || response.status >= 300) return;
  if (!answersOwnRequest(response)) return;
  const seq = (header(response, 'cseq') ?? '').split(/\s+/)[0] ?? '1';
  const target = uriOf(header(response, 'contact')) || uriOf(header(response, 'to'));
  const routes = [...headers(response, 'record-route')].reverse();
  const request = (method: string, cseq: string) =>
    new Outgoing(`${method} ${target} SIP/2.0`, [
      ['Via', (header(response, 'via') ?? '').replace(/branch=[^;]+/, `branch=${branch()}`)],
      ...routes.map((r): [string, string] => ['Route', r]),
      ['Max-Forwards', '70'],
      ['From', header(response, 'from') ?? ''],
      ['To', header(response, 'to') ?? ''],
      ['Call-ID', header(response, 'call-id') ?? ''],
      ['CSeq', cseq],
    ]).bytes();
  endpoint.send(request('ACK', `${seq} ACK`));
  endpoint.send(request('BYE', `${Number(seq) + 1} BYE`));
}
