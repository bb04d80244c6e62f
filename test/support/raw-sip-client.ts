import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import WebSocket from 'ws';
import { parseAuthParams } from '../../pbx/sip/headers';
import type { SipRequest, SipResponse } from '../../pbx/sip/message';
import { parseMessage } from '../../pbx/sip/parser';
import { StreamFramer } from '../../pbx/sip/stream-framer';
import { TEST_DOMAIN } from './pbx';

export type RawTransport = 'udp' | 'tcp' | 'ws';

/**
 * A bare SIP endpoint for tests: sends bytes exactly as given (malformed or not) and collects
 * the responses the PBX sends back, parsed.
 */
export class RawSipClient {
  readonly responses: SipResponse[] = [];
  /** Requests the PBX sent to this client (it is a device too). */
  readonly requests: SipRequest[] = [];
  /** Responses the client's own strict parser refuses (a 400 echoes the bad headers). */
  readonly unparsed: { status: number; text: string }[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly transport: RawTransport,
    private readonly write: (data: Buffer) => void,
    private readonly end: () => void,
    readonly localPort: () => number,
  ) {}

  /**
   * `localPort` (UDP): the port to listen on, e.g. a carrier's trunk port; any when 0.
   * `localAddress`: the loopback address it comes from (all of 127.0.0.0/8 is local).
   */
  static async connect(
    transport: RawTransport,
    port: number,
    localPort = 0,
    localAddress = '127.0.0.1',
  ): Promise<RawSipClient> {
    if (transport === 'udp') {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((r) => socket.bind(localPort, localAddress, () => r()));
      const client = new RawSipClient(
        'udp',
        (data) => socket.send(data, port, '127.0.0.1'),
        () => socket.close(),
        () => socket.address().port,
      );
      socket.on('message', (data) => client.receive(data));
      return client;
    }
    if (transport === 'tcp') {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress });
      await new Promise<void>((r, j) => socket.once('connect', () => r()).once('error', j));
      const client = new RawSipClient(
        'tcp',
        (data) => socket.write(data),
        () => socket.destroy(),
        () => socket.localPort ?? 0,
      );
      const framer = new StreamFramer({
        onMessage: (data) => client.receive(data),
        onKeepAlive: () => undefined,
        onError: () => socket.destroy(),
      });
      socket.on('data', (chunk: Buffer) => framer.push(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => client.markClosed());
      return client;
    }
    const ws = new WebSocket(`ws://127.0.0.1:${port}`, 'sip');
    await new Promise<void>((r, j) => ws.once('open', () => r()).once('error', j));
    const client = new RawSipClient(
      'ws',
      (data) => ws.send(data),
      () => ws.terminate(),
      () => 0,
    );
    ws.on('message', (data: Buffer) => client.receive(data));
    ws.on('close', () => client.markClosed());
    return client;
  }

  send(data: Buffer | string): void {
    this.write(typeof data === 'string' ? Buffer.from(data) : data);
  }

  /** Resolves with the first response (already received or to come) that matches. */
  waitFor(match: (r: SipResponse) => boolean, ms = 2000): Promise<SipResponse> {
    return this.waitIn(this.responses, match, ms);
  }

  /** Resolves with the first request the PBX sent here that matches. */
  waitForRequest(match: (r: SipRequest) => boolean, ms = 2000): Promise<SipRequest> {
    return this.waitIn(this.requests, match, ms);
  }

  private async waitIn<T>(list: T[], match: (item: T) => boolean, ms: number): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = list.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('no matching response in time');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  close(): void {
    this.end();
  }

  private receive(data: Buffer): void {
    try {
      const message = parseMessage(data);
      if (message.type === 'response') this.responses.push(message);
      else this.requests.push(message);
    } catch {
      const text = data.toString('latin1');
      const status = /^SIP\/2\.0 (\d{3}) /.exec(text)?.[1];
      if (status) this.unparsed.push({ status: Number(status), text });
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  private markClosed(): void {
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
  }
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface DigestRequest {
  method: string;
  /** The digest algorithm to answer with; the challenge must offer it (default MD5). */
  algorithm?: 'MD5' | 'SHA-256';
  /** Request-URI, e.g. `sip:0123456@pbx.test`. */
  uri: string;
  sipNumber: string;
  password: string;
  /** The digest user name, when it is not the SIP number (a device credential's). */
  authUser?: string;
  /** To URI; defaults to the Request-URI. */
  to?: string;
  /** A To tag makes it an in-dialog request. */
  toTag?: string;
  /** From user, when it is not the authenticating SIP number (a spoofing attempt). */
  fromUser?: string;
  headers?: string[];
  body?: string;
  /** The Contact value, instead of the client's own (a broken one, say). */
  contact?: string;
  /** How long to wait for each response, ms (2,000 unless given). */
  waitMs?: number;
}

/**
 * Sends a request as a phone does: without credentials first, then answering the 401/407
 * challenge with a digest (ACKing a challenged INVITE). Resolves with the final response.
 */
export async function requestWithDigest(
  client: RawSipClient,
  spec: DigestRequest,
): Promise<SipResponse> {
  const callId = `${spec.method.toLowerCase()}-${randomBytes(6).toString('hex')}`;
  const transport = client.transport.toUpperCase();
  const fromTag = randomBytes(4).toString('hex');
  const contact =
    spec.contact ??
    `<sip:${spec.sipNumber}@127.0.0.1:${client.localPort() || 5060};transport=${client.transport}>`;
  const lines = (method: string, cseq: number, branch: string, extra: string[], toTag = '') =>
    [
      `${method} ${spec.uri} SIP/2.0`,
      `Via: SIP/2.0/${transport} 127.0.0.1:${client.localPort()};rport;branch=${branch}`,
      ...(spec.headers?.some((h) => /^max-forwards:/i.test(h)) ? [] : ['Max-Forwards: 70']),
      `From: <sip:${spec.fromUser ?? spec.sipNumber}@${TEST_DOMAIN}>;tag=${fromTag}`,
      `To: <${spec.to ?? spec.uri}>${toTag || (spec.toTag ? `;tag=${spec.toTag}` : '')}`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} ${method}`,
      ...(method === 'ACK' ? [] : [`Contact: ${contact}`, ...(spec.headers ?? [])]),
      ...extra,
      `Content-Length: ${method === 'ACK' ? 0 : Buffer.byteLength(spec.body ?? '')}`,
      '',
      method === 'ACK' ? '' : (spec.body ?? ''),
    ].join('\r\n');
  const finalOf = (cseq: number) => (r: SipResponse) =>
    r.status >= 200 &&
    r.headers.get('call-id') === callId &&
    r.headers.get('cseq') === `${cseq} ${spec.method}`;
  const firstBranch = `z9hG4bK${randomBytes(6).toString('hex')}`;
  client.send(lines(spec.method, 1, firstBranch, []));
  const challenge = await client.waitFor(finalOf(1), spec.waitMs);
  if (challenge.status !== 401 && challenge.status !== 407) return challenge;
  if (spec.method === 'INVITE') {
    const toTag = /;tag=[^;>\s]+/.exec(challenge.headers.get('to') ?? '')?.[0] ?? '';
    client.send(lines('ACK', 1, firstBranch, [], toTag));
  }
  const proxy = challenge.status === 407;
  const algorithm = spec.algorithm ?? 'MD5';
  const offered = challenge.headers
    .getAll(proxy ? 'proxy-authenticate' : 'www-authenticate')
    .map((value) => parseAuthParams(value).params)
    .find((p) => (p.algorithm ?? 'MD5').toUpperCase() === algorithm);
  if (!offered) throw new Error(`the challenge does not offer ${algorithm}`);
  const params = offered;
  const cnonce = randomBytes(4).toString('hex');
  const h = algorithm === 'MD5' ? md5 : sha256;
  const user = spec.authUser ?? spec.sipNumber;
  const ha1 = h(`${user}:${params.realm ?? ''}:${spec.password}`);
  const digest = h(
    `${ha1}:${params.nonce}:00000001:${cnonce}:auth:${h(`${spec.method}:${spec.uri}`)}`,
  );
  const credentials = `Digest username="${user}", realm="${params.realm}", nonce="${params.nonce}", uri="${spec.uri}", response="${digest}", qop=auth, nc=00000001, cnonce="${cnonce}", algorithm=${algorithm}`;
  const header = proxy ? 'Proxy-Authorization' : 'Authorization';
  client.send(
    lines(spec.method, 2, `z9hG4bK${randomBytes(6).toString('hex')}`, [
      `${header}: ${credentials}`,
    ]),
  );
  return client.waitFor(finalOf(2), spec.waitMs);
}

/** A REGISTER of `account` (Expires: 600) with the Contact and headers given; its final response. */
export function registerContact(
  client: RawSipClient,
  account: { sipNumber: string; password: string },
  options: { contact?: string; headers?: string[] } = {},
): Promise<SipResponse> {
  return requestWithDigest(client, {
    method: 'REGISTER',
    uri: `sip:${TEST_DOMAIN}`,
    to: `sip:${account.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: account.sipNumber,
    password: account.password,
    contact: options.contact,
    headers: ['Expires: 600', ...(options.headers ?? [])],
  });
}

/** REGISTER with digest authentication as a phone does it; resolves with the final status. */
export async function registerWithDigest(
  client: RawSipClient,
  sipNumber: string,
  password: string,
  /** The PBX's SIP domain, when it is not the test PBX's. */
  domain = TEST_DOMAIN,
  /** How long to wait for each response, ms. */
  waitMs?: number,
): Promise<number> {
  const response = await requestWithDigest(client, {
    method: 'REGISTER',
    uri: `sip:${domain}`,
    to: `sip:${sipNumber}@${domain}`,
    sipNumber,
    password,
    headers: ['Expires: 600'],
    waitMs,
  });
  return response.status;
}

/** A call as a phone places it: INVITE with an SDP offer, digest answered; the final response. */
export function inviteWithDigest(
  client: RawSipClient,
  caller: { sipNumber: string; password: string },
  calleeNumber: string,
  sdp: string,
): Promise<SipResponse> {
  return requestWithDigest(client, {
    method: 'INVITE',
    uri: `sip:${calleeNumber}@${TEST_DOMAIN}`,
    sipNumber: caller.sipNumber,
    password: caller.password,
    headers: ['Content-Type: application/sdp'],
    body: sdp,
    waitMs: 5000,
  });
}
