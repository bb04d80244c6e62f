import { randomBytes } from 'node:crypto';
import { parseNameAddr } from '../../pbx/sip/headers';
import type { SipRequest, SipResponse } from '../../pbx/sip/message';
import { formatUri } from '../../pbx/sip/uri';
import type { RawSipClient } from './raw-sip-client';

const REASONS: Record<number, string> = {
  180: 'Ringing',
  200: 'OK',
  486: 'Busy Here',
  487: 'Request Terminated',
  603: 'Decline',
};

const ANSWER_SDP =
  'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n';

/** The To tag a device gave each INVITE it answered, so 180, 200 and BYE agree. */
const toTags = new WeakMap<SipRequest, string>();

function toTagOf(request: SipRequest): string {
  let tag = toTags.get(request);
  if (!tag) {
    tag = randomBytes(4).toString('hex');
    toTags.set(request, tag);
  }
  return tag;
}

const callIdOf = (message: SipRequest | SipResponse) => message.headers.get('call-id') ?? '';

function contactOf(client: RawSipClient, request: SipRequest): string {
  const user = request.uri.user ? `${request.uri.user}@` : '';
  return `<sip:${user}127.0.0.1:${client.localPort() || 5060};transport=${client.transport}>`;
}

export interface RespondOptions {
  /** Extra header lines, e.g. `Session-Expires: 2;refresher=uac`. */
  headers?: string[];
  /** The To tag to use (a CANCEL is answered with its INVITE's tag). */
  toTag?: string;
  /** The SDP of a 200 to an INVITE, instead of a plain PCMU answer. */
  body?: string;
  /** The Contact value of a 1xx/2xx, instead of the device's own (a broken one, say). */
  contact?: string;
}

/**
 * Answers a request the PBX sent to a device, as the device's UA core would (RFC 3261 §8.2.6):
 * Via, From, Call-ID and CSeq copied, a To tag added, Record-Route echoed on an INVITE's
 * 1xx/2xx, and an SDP answer on an INVITE's 200.
 */
export function respond(
  client: RawSipClient,
  request: SipRequest,
  status: number,
  options: RespondOptions = {},
): void {
  const invite = request.method === 'INVITE';
  const to = request.headers.get('to') ?? '';
  const tag = options.toTag ?? toTagOf(request);
  const body = invite && status === 200 ? (options.body ?? ANSWER_SDP) : '';
  const lines = [
    `SIP/2.0 ${status} ${REASONS[status] ?? 'Response'}`,
    ...request.headers.getAll('via').map((via) => `Via: ${via}`),
    ...(invite && status < 300
      ? request.headers.getAll('record-route').map((rr) => `Record-Route: ${rr}`)
      : []),
    `From: ${request.headers.get('from')}`,
    `To: ${/;\s*tag=/i.test(to) || status === 100 ? to : `${to};tag=${tag}`}`,
    `Call-ID: ${callIdOf(request)}`,
    `CSeq: ${request.headers.get('cseq')}`,
    ...(status < 300 && status > 100
      ? [`Contact: ${options.contact ?? contactOf(client, request)}`]
      : []),
    ...(options.headers ?? []),
    ...(body ? ['Content-Type: application/sdp'] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ];
  client.send(lines.join('\r\n'));
}

/** Rings (180) and, unless told otherwise, answers (200) an INVITE; resolves on the ACK. */
export async function answer(
  client: RawSipClient,
  invite: SipRequest,
  options: RespondOptions = {},
): Promise<SipRequest> {
  respond(client, invite, 180);
  respond(client, invite, 200, options);
  return client.waitForRequest((r) => r.method === 'ACK' && callIdOf(r) === callIdOf(invite));
}

/** Refuses an INVITE with a final status (603, 486, ...); resolves on the PBX's ACK. */
export async function refuse(
  client: RawSipClient,
  invite: SipRequest,
  status: number,
): Promise<SipRequest> {
  respond(client, invite, status);
  return client.waitForRequest((r) => r.method === 'ACK' && callIdOf(r) === callIdOf(invite));
}

/**
 * Waits for the CANCEL of a ringing INVITE and answers it as a phone does: 200 to the CANCEL,
 * 487 to the INVITE. Resolves on the PBX's ACK of the 487.
 */
export async function takeCancel(client: RawSipClient, invite: SipRequest): Promise<SipRequest> {
  const cancel = await client.waitForRequest(
    (r) => r.method === 'CANCEL' && callIdOf(r) === callIdOf(invite),
  );
  respond(client, cancel, 200, { toTag: toTagOf(invite) });
  return refuse(client, invite, 487);
}

/** The first INVITE of a call that reached this device. */
export function incomingInvite(client: RawSipClient, callId: string, ms = 5000) {
  return client.waitForRequest((r) => r.method === 'INVITE' && callIdOf(r) === callId, ms);
}

/** Any INVITE that reached this device, besides those listed in `seen`. */
export function nextInvite(client: RawSipClient, seen: readonly SipRequest[] = [], ms = 5000) {
  const known = new Set(seen.map(callIdOf));
  return client.waitForRequest((r) => r.method === 'INVITE' && !known.has(callIdOf(r)), ms);
}

let inDialogSeq = 100;

/**
 * A request the callee sends inside the dialog an INVITE it answered set up (Request-URI the
 * caller's Contact, Route the Record-Route set), through the PBX. Resolves with the final
 * response.
 */
export async function sendInDialog(
  client: RawSipClient,
  invite: SipRequest,
  method: string,
  sdp = '',
  headers: string[] = [],
): Promise<SipResponse> {
  const cseq = `${++inDialogSeq} ${method}`;
  const callId = callIdOf(invite);
  const remoteTarget = formatUri(parseNameAddr(invite.headers.get('contact') ?? '').uri);
  const lines = [
    `${method} ${remoteTarget} SIP/2.0`,
    `Via: SIP/2.0/${client.transport.toUpperCase()} 127.0.0.1:${client.localPort()};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
    ...invite.headers.getAll('record-route').map((rr) => `Route: ${rr}`),
    'Max-Forwards: 70',
    `From: ${invite.headers.get('to')};tag=${toTagOf(invite)}`,
    `To: ${invite.headers.get('from')}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    ...(method === 'INVITE' || method === 'REFER' ? [`Contact: ${contactOf(client, invite)}`] : []),
    ...headers,
    // A body is SDP unless `headers` give it another Content-Type.
    ...(sdp && !headers.some((h) => /^content-type:/i.test(h))
      ? ['Content-Type: application/sdp']
      : []),
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ];
  client.send(lines.join('\r\n'));
  return client.waitFor(
    (r) => r.status >= 200 && callIdOf(r) === callId && r.headers.get('cseq') === cseq,
    5000,
  );
}

/** The callee hangs up an answered call: a BYE within its dialog, through the PBX. */
export function hangUp(client: RawSipClient, invite: SipRequest): Promise<SipResponse> {
  return sendInDialog(client, invite, 'BYE');
}

/**
 * A request the caller sends inside the dialog its INVITE's 2xx (`ok`) set up: Request-URI the
 * callee's Contact, Route the Record-Route set reversed (RFC 3261 §12.1.2). An ACK resolves at
 * once; anything else with its final response.
 */
export async function sendAsCaller(
  client: RawSipClient,
  ok: SipResponse,
  method: string,
  body = '',
  headers: string[] = [],
): Promise<SipResponse | undefined> {
  const cseq =
    method === 'ACK'
      ? (ok.headers.get('cseq') ?? '').replace(/\D+$/, ' ACK')
      : `${++inDialogSeq} ${method}`;
  const callId = callIdOf(ok);
  const remoteTarget = formatUri(parseNameAddr(ok.headers.get('contact') ?? '').uri);
  const lines = [
    `${method} ${remoteTarget} SIP/2.0`,
    `Via: SIP/2.0/${client.transport.toUpperCase()} 127.0.0.1:${client.localPort()};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
    ...[...ok.headers.getAll('record-route')].reverse().map((rr) => `Route: ${rr}`),
    'Max-Forwards: 70',
    `From: ${ok.headers.get('from')}`,
    `To: ${ok.headers.get('to')}`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq}`,
    ...headers,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ];
  client.send(lines.join('\r\n'));
  if (method === 'ACK') return undefined;
  return client.waitFor(
    (r) => r.status >= 200 && callIdOf(r) === callId && r.headers.get('cseq') === cseq,
    5000,
  );
}
