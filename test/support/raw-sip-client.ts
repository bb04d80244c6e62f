import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import WebSocket from 'ws';
import { computeHa1 } from '../../pbx/directory/ha1';
import { parseAuthParams } from '../../pbx/sip/headers';
import type { SipResponse } from '../../pbx/sip/message';
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

  static async connect(transport: RawTransport, port: number): Promise<RawSipClient> {
    if (transport === 'udp') {
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
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
      const socket = net.connect(port, '127.0.0.1');
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
  async waitFor(match: (r: SipResponse) => boolean, ms = 2000): Promise<SipResponse> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.responses.find(match);
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

/** REGISTER with digest authentication as a phone does it; resolves with the final status. */
export async function registerWithDigest(
  client: RawSipClient,
  sipNumber: string,
  password: string,
): Promise<number> {
  const callId = `reg-${randomBytes(6).toString('hex')}`;
  const transport = client.transport.toUpperCase();
  const request = (cseq: number, authorization?: string) =>
    [
      `REGISTER sip:${TEST_DOMAIN} SIP/2.0`,
      `Via: SIP/2.0/${transport} 127.0.0.1:${client.localPort()};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: <sip:${sipNumber}@${TEST_DOMAIN}>;tag=${callId}`,
      `To: <sip:${sipNumber}@${TEST_DOMAIN}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      `Contact: <sip:${sipNumber}@127.0.0.1:${client.localPort() || 5060};transport=${client.transport}>`,
      'Expires: 600',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  const isOurs = (cseq: number) => (r: SipResponse) =>
    r.headers.get('call-id') === callId && r.headers.get('cseq') === `${cseq} REGISTER`;
  client.send(request(1));
  const challenge = await client.waitFor(isOurs(1));
  if (challenge.status !== 401) return challenge.status;
  const { params } = parseAuthParams(challenge.headers.get('www-authenticate') ?? '');
  const uri = `sip:${TEST_DOMAIN}`;
  const cnonce = randomBytes(4).toString('hex');
  const ha1 = computeHa1(sipNumber, params.realm ?? '', password);
  const response = md5(`${ha1}:${params.nonce}:00000001:${cnonce}:auth:${md5(`REGISTER:${uri}`)}`);
  client.send(
    request(
      2,
      `Digest username="${sipNumber}", realm="${params.realm}", nonce="${params.nonce}", uri="${uri}", response="${response}", qop=auth, nc=00000001, cnonce="${cnonce}", algorithm=MD5`,
    ),
  );
  return (await client.waitFor(isOurs(2))).status;
}
