import { createHash } from 'node:crypto';
import type { Endpoint } from './endpoints';
import { header, headers, Outgoing, tagOf, uriOf, type Received } from './wire';

/** Where the PBX under test listens and what it calls itself. */
export interface PbxAddress {
  domain: string;
  sip: number;
  http: number;
}

let counter = 0;
/** A unique token for branches, tags and Call-IDs (values the PBX echoes, not fuzz choices). */
export function unique(prefix = ''): string {
  counter = (counter + 1) % 0x7fffffff;
  return `${prefix}${process.pid.toString(36)}${Date.now().toString(36)}${counter.toString(36)}`;
}

/** Starts with `stray-answers.ts` OWN_BRANCH, so responses to the fuzzer's requests are known. */
export const branch = () => `z9hG4bKfz${unique()}`;

export function via(endpoint: Endpoint, branchId = branch()): string {
  if (endpoint.transport === 'ws') return `SIP/2.0/WS fz${endpoint.id}.invalid;branch=${branchId}`;
  const transport = endpoint.transport.toUpperCase();
  return `SIP/2.0/${transport} 127.0.0.1:${endpoint.port};rport;branch=${branchId}`;
}

export function contactUri(endpoint: Endpoint, user: string): string {
  if (endpoint.transport === 'ws') return `sip:${user}@fz${endpoint.id}.invalid;transport=ws`;
  const transport = endpoint.transport === 'udp' ? '' : `;transport=${endpoint.transport}`;
  return `sip:${user}@127.0.0.1:${endpoint.port}${transport}`;
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  400: 'Bad Request',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  603: 'Decline',
};

export const reasonOf = (status: number) => REASONS[status] ?? 'Response';

export interface ResponseOptions {
  toTag?: string;
  contact?: string;
  body?: string;
  extra?: [string, string][];
}

/**
 * A response to a request the PBX sent (RFC 3261 §8.2.6): Vias, From, Call-ID and CSeq
 * copied, a To tag added, Record-Route echoed on a dialog-creating 1xx/2xx.
 */
export function responseTo(
  request: Received,
  status: number,
  options: ResponseOptions = {},
): Outgoing {
  const to = header(request, 'to') ?? '';
  const fields: [string, string][] = headers(request, 'via').map((v) => ['Via', v]);
  if (status > 100 && status < 300 && ['INVITE', 'SUBSCRIBE', 'REFER'].includes(request.method)) {
    for (const rr of headers(request, 'record-route')) fields.push(['Record-Route', rr]);
  }
  fields.push(['From', header(request, 'from') ?? '']);
  const tagged = tagOf(to) || status === 100 ? to : `${to};tag=${options.toTag ?? unique('t')}`;
  fields.push(['To', tagged]);
  fields.push(['Call-ID', header(request, 'call-id') ?? '']);
  fields.push(['CSeq', header(request, 'cseq') ?? '']);
  if (options.contact) fields.push(['Contact', `<${options.contact}>`]);
  fields.push(...(options.extra ?? []));
  if (options.body) fields.push(['Content-Type', 'application/sdp']);
  return new Outgoing(`SIP/2.0 ${status} ${reasonOf(status)}`, fields, options.body ?? '');
}

/**
 * One side of a dialog as a user agent keeps it (RFC 3261 §12): enough to send requests into
 * it and to answer the other side's.
 */
export class UaDialog {
  constructor(
    readonly callId: string,
    /** Our From/To value with our tag. */
    public local: string,
    /** The peer's value, with its tag once known. */
    public remote: string,
    public target: string,
    /** Route set in the order requests carry it. */
    public routes: string[],
    public cseq: number,
    readonly contact: string,
  ) {}

  /** The caller's side once a 2xx came back (route set: Record-Route reversed). */
  static asCaller(invite: Outgoing, ok: Received, contact: string, cseq: number): UaDialog {
    return new UaDialog(
      invite.get('Call-ID') ?? '',
      invite.get('From') ?? '',
      header(ok, 'to') ?? '',
      uriOf(header(ok, 'contact')) || invite.start.split(' ')[1]!,
      [...headers(ok, 'record-route')].reverse(),
      cseq,
      contact,
    );
  }

  /** The callee's side of an INVITE it answers with `toTag`. */
  static asCallee(invite: Received, toTag: string, contact: string): UaDialog {
    return new UaDialog(
      header(invite, 'call-id') ?? '',
      `${header(invite, 'to') ?? ''};tag=${toTag}`,
      header(invite, 'from') ?? '',
      uriOf(header(invite, 'contact')) || invite.uri,
      [...headers(invite, 'record-route')],
      1000,
      contact,
    );
  }

  /** A request in the dialog; ACK reuses `cseq`, everything else takes the next number. */
  request(
    method: string,
    endpoint: Endpoint,
    extra: [string, string][] = [],
    body = '',
    ackOf?: number,
  ): Outgoing {
    const seq = method === 'ACK' ? (ackOf ?? this.cseq) : ++this.cseq;
    const fields: [string, string][] = [
      ['Via', via(endpoint)],
      ...this.routes.map((r): [string, string] => ['Route', r]),
      ['Max-Forwards', '70'],
      ['From', this.local],
      ['To', this.remote],
      ['Call-ID', this.callId],
      ['CSeq', `${seq} ${method}`],
    ];
    if (method !== 'ACK' && method !== 'BYE') fields.push(['Contact', `<${this.contact}>`]);
    fields.push(...extra);
    const typed = extra.some(([name]) => name.toLowerCase() === 'content-type');
    if (body && !typed) fields.push(['Content-Type', 'application/sdp']);
    return new Outgoing(`${method} ${this.target} SIP/2.0`, fields, body);
  }
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * A device's digest credentials (RFC 2617 `qop=auth`): the nonce of its last challenge is
 * reused with a rising nonce-count, as phones do, until the PBX calls it stale.
 */
export class Credentials {
  private nonce?: string;
  private realm = '';
  private count = 0;

  constructor(
    readonly user: string,
    private readonly password: string,
  ) {}

  get ready(): boolean {
    return this.nonce !== undefined;
  }

  /** Learns the nonce of a 401/407; false when the challenge is unreadable. */
  learn(challenge: Received): boolean {
    const value =
      header(challenge, 'proxy-authenticate') ?? header(challenge, 'www-authenticate') ?? '';
    const nonce = /nonce="([^"]+)"/.exec(value)?.[1];
    if (!nonce) return false;
    this.nonce = nonce;
    this.realm = /realm="([^"]+)"/.exec(value)?.[1] ?? '';
    this.count = 0;
    return true;
  }

  /** The header for `method` on `uri`: `Authorization` for REGISTER, else `Proxy-Authorization`. */
  authorize(method: string, uri: string): [string, string] {
    const nc = (++this.count).toString(16).padStart(8, '0');
    const cnonce = unique();
    const ha1 = md5(`${this.user}:${this.realm}:${this.password}`);
    const response = md5(`${ha1}:${this.nonce}:${nc}:${cnonce}:auth:${md5(`${method}:${uri}`)}`);
    const value =
      `Digest username="${this.user}", realm="${this.realm}", nonce="${this.nonce}", ` +
      `uri="${uri}", response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}", algorithm=MD5`;
    return [method === 'REGISTER' ? 'Authorization' : 'Proxy-Authorization', value];
  }
}

/** A plain RTP offer or answer (an IP phone or the carrier). */
export function plainSdp(port: number, version = 1): string {
  return [
    'v=0',
    `o=- ${port} ${version} IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP 8 0 101`,
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/** A browser-like WebRTC offer or answer (a softphone on WebSocket). */
export function webrtcSdp(port: number, setup: 'actpass' | 'active', version = 1): string {
  return [
    'v=0',
    `o=- ${port} ${version} IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `m=audio ${port} UDP/TLS/RTP/SAVPF 111 126`,
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0`,
    'a=ice-ufrag:Fz9q',
    'a=ice-pwd:1aQz8vTn0yMqPk3sWf7rJhXc',
    'a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9',
    `a=setup:${setup}`,
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtpmap:126 telephone-event/8000',
    '',
  ].join('\r\n');
}
