import dgram from 'node:dgram';
import net from 'node:net';
import WebSocket from 'ws';
import { readMessage, StreamReader, type Received } from './wire';

export type Transport = 'udp' | 'tcp' | 'ws';

/**
 * How a stream endpoint writes a message: whole; cut into pieces written on separate turns of
 * the event loop; joined with the messages written in the same turn into one write.
 */
export type StreamShape = 'whole' | 'cut' | 'joined';

/** What an endpoint tells the fuzzer's counters. */
export interface EndpointEvents {
  /** A SIP message written (also a cut one, once). */
  sent(): void;
  /** A write that carried a cut piece or two or more messages. */
  streamFrame(): void;
}

/** One socket of the fuzzer toward the PBX: a device, the carrier or an attacker. */
let endpoints = 0;

export abstract class Endpoint {
  /** Names the endpoint where SIP has no address for it (a WebSocket device's `.invalid` host). */
  readonly id = ++endpoints;
  /** Receives every message that arrives here (set by whoever uses the endpoint). */
  onMessage: (message: Received, raw: Buffer) => void = () => undefined;
  closed = false;

  constructor(
    readonly transport: Transport,
    protected readonly events: EndpointEvents,
  ) {}

  abstract get port(): number;
  abstract send(data: Buffer, shape?: StreamShape): void;
  abstract close(): void;

  protected receive(data: Buffer): void {
    const message = readMessage(data);
    if (message) this.onMessage(message, data);
  }
}

export class UdpEndpoint extends Endpoint {
  private constructor(
    private readonly socket: dgram.Socket,
    /** The PBX's port; set later for the carrier, which is bound before the PBX starts. */
    public target: number,
    events: EndpointEvents,
  ) {
    super('udp', events);
    socket.on('message', (data) => this.receive(data));
    socket.on('error', () => undefined);
  }

  /** Binds 127.0.0.1:`localPort` (0: any) and sends to 127.0.0.1:`target`. */
  static async open(target: number, events: EndpointEvents, localPort = 0): Promise<UdpEndpoint> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(localPort, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.setRecvBufferSize(4 * 1024 * 1024);
    return new UdpEndpoint(socket, target, events);
  }

  /** Asked for every message the device builds: read once (`address()` is a system call). */
  get port(): number {
    this.boundPort ??= this.socket.address().port;
    return this.boundPort;
  }

  private boundPort?: number;

  send(data: Buffer): void {
    if (this.closed) return;
    this.events.sent();
    this.socket.send(data, this.target, '127.0.0.1');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}

export class TcpEndpoint extends Endpoint {
  /** Messages written in this turn with the `joined` shape, flushed as one write. */
  private joined: Buffer[] = [];
  /** Pieces of cut messages still to write, one per turn; later writes queue behind them. */
  private queue: Buffer[] = [];
  private pumping = false;

  private constructor(
    private readonly socket: net.Socket,
    events: EndpointEvents,
  ) {
    super('tcp', events);
    const reader = new StreamReader((data) => this.receive(data));
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => (this.closed = true));
  }

  static async open(target: number, events: EndpointEvents): Promise<TcpEndpoint> {
    const socket = net.connect(target, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) =>
      socket.once('connect', () => resolve()).once('error', reject),
    );
    return new TcpEndpoint(socket, events);
  }

  get port(): number {
    return this.socket.localPort ?? 0;
  }

  send(data: Buffer, shape: StreamShape = 'whole'): void {
    if (this.closed) return;
    this.events.sent();
    if (shape === 'joined' || this.joined.length > 0) {
      if (this.joined.push(data) === 1) setImmediate(() => this.flushJoined());
      return;
    }
    if (shape === 'cut' && data.length > 2) {
      const cuts = new Set<number>();
      const pieces = 2 + (data.length % 3);
      for (let i = 1; i < pieces; i++) cuts.add(Math.floor((data.length * i) / pieces));
      let from = 0;
      for (const at of [...cuts, data.length]) {
        this.queue.push(data.subarray(from, at));
        from = at;
      }
      this.events.streamFrame();
    } else {
      this.queue.push(data);
    }
    this.pump();
  }

  /** Raw bytes, exactly as given (a hostile stream). */
  write(data: Buffer): void {
    if (!this.closed) this.socket.write(data);
  }

  private flushJoined(): void {
    const batch = this.joined;
    this.joined = [];
    if (batch.length > 1) this.events.streamFrame();
    this.queue.push(Buffer.concat(batch));
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    const next = this.queue.shift();
    if (!next) return;
    this.socket.write(next);
    if (this.queue.length === 0) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      this.pump();
    });
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}

export class WsEndpoint extends Endpoint {
  private constructor(
    private readonly ws: WebSocket,
    events: EndpointEvents,
  ) {
    super('ws', events);
    ws.on('message', (data: Buffer) => this.receive(data));
    ws.on('error', () => undefined);
    ws.on('close', () => (this.closed = true));
  }

  static async open(httpPort: number, events: EndpointEvents): Promise<WsEndpoint> {
    const ws = new WebSocket(`ws://127.0.0.1:${httpPort}`, 'sip', { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) =>
      ws.once('open', () => resolve()).once('error', reject),
    );
    return new WsEndpoint(ws, events);
  }

  /** WebSocket devices have no port of their own in SIP (RFC 7118 uses `*.invalid`). */
  get port(): number {
    return 0;
  }

  send(data: Buffer): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    this.events.sent();
    this.ws.send(data, { binary: false });
  }

  /** A frame that is not a plain SIP text message (binary, fragment, control, junk). */
  frame(data: Buffer, kind: 'text' | 'binary' | 'fragments' | 'ping' | 'pong'): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (kind === 'ping') return this.ws.ping(data.subarray(0, 125));
    if (kind === 'pong') return this.ws.pong(data.subarray(0, 125));
    if (kind !== 'fragments' || data.length < 2) {
      this.ws.send(data, { binary: kind === 'binary' });
      return;
    }
    const half = data.length >> 1;
    this.ws.send(data.subarray(0, half), { binary: false, fin: false });
    this.ws.send(data.subarray(half), { binary: false, fin: true });
  }

  close(): void {
    this.closed = true;
    this.ws.terminate();
  }
}

export async function openEndpoint(
  transport: Transport,
  ports: { sip: number; http: number },
  events: EndpointEvents,
): Promise<Endpoint> {
  if (transport === 'udp') return UdpEndpoint.open(ports.sip, events);
  if (transport === 'tcp') return TcpEndpoint.open(ports.sip, events);
  return WsEndpoint.open(ports.http, events);
}
