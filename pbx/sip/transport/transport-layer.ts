import type http from 'node:http';
import net from 'node:net';
import type { Logger } from 'pino';
import { createStats, FaultBarrier, faultAnswered, type PbxStats } from '../fault-barrier';
import { formatVia, stampVia } from '../headers';
import type { SipMessage, SipRequest } from '../message';
import { refusal, refusalResponse } from '../sip-error';
import { parseMessage, SipParseError } from '../parser';
import type { SipUri } from '../uri';
import { buildBadRequest } from './bad-request';
import type { ConnectionFlow } from './connection-flow';
import { ConnectionGuard } from './connection-guard';
import type { Flow, SentListener, TransportProtocol } from './flow';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from './limits';
import {
  connectStream,
  connectTcp,
  listenStream,
  type StreamHandlers,
  type StreamListener,
  type TlsFiles,
} from './stream';
import { listenUdp, type UdpListener } from './udp';
import { attachWebSocket, type WebSocketListener } from './websocket';

export interface TransportLayerOptions {
  onMessage(message: SipMessage, flow: Flow): void;
  /** Every message sent, on any flow (the SIP trace's outgoing direction). */
  onSent?: SentListener;
  onFlowClosed?(flow: ConnectionFlow): void;
  wsPingIntervalMs?: number;
  /** Catches what the upward dispatch of a message throws; its stats are the transport's. */
  barrier?: FaultBarrier;
  /** Where `parse.dropped` events go (debug level), and what the connection guard says. */
  log?: Logger;
  /** Connection limits (limits.ts); the defaults where not given. */
  limits?: Partial<ConnectionLimits>;
}

/** The prefix of a flow token in Record-Route users and the PBX's Via parameter. */
export const FLOW_TOKEN_PREFIX = 'pbxf-';

/** Messages held while the PBX starts (sockets bound, not yet delivering); more are dropped. */
const MAX_HELD = 1024;

/**
 * Owns every listening socket and connection, turns bytes into parsed messages (answering
 * `400` to what cannot be parsed), stamps `received`/`rport` (RFC 3581) and keeps the
 * registry of connection flows by number. It is the fault barrier of each message: whatever
 * its handling throws (a UDP datagram, a framed TCP/TLS message, a WebSocket frame) is caught
 * there, logged and counted, and the next message is served.
 */
export class TransportLayer {
  readonly stats: PbxStats;
  /** Every connection others open to the PBX (SIP and HTTP) is counted and bounded here. */
  readonly guard: ConnectionGuard;
  private readonly barrier: FaultBarrier;
  private readonly connections = new Map<number, ConnectionFlow>();
  private udp?: UdpListener;
  private readonly streams: StreamListener[] = [];
  private readonly webSockets: WebSocketListener[] = [];
  private readonly outbound = new Map<string, ConnectionFlow>();
  /** The open TCP/TLS connections by their far end, `protocol|address|port` (newest wins). */
  private readonly byRemote = new Map<string, ConnectionFlow>();
  private readonly streamHandlers: StreamHandlers;
  /** Until `deliver`: what arrived is held, so nothing reaches a PBX still starting. */
  private held: [Buffer, Flow, boolean][] | undefined = [];

  constructor(private readonly options: TransportLayerOptions) {
    this.barrier = options.barrier ?? new FaultBarrier(createStats());
    this.stats = this.barrier.stats;
    this.guard = new ConnectionGuard(
      { ...DEFAULT_CONNECTION_LIMITS, ...options.limits },
      options.log,
    );
    this.streamHandlers = {
      guard: this.guard,
      onSent: (message, flow) => this.options.onSent?.(message, flow),
      onBinaryFrame: (flow) => {
        this.stats.wsBinaryFrames++;
        this.options.log?.debug({ event: 'ws.binary', flow: flow.id }, 'not UTF-8: binary frame');
      },
      onData: (data, flow) => this.receive(data, flow, true),
      onFlow: (flow) => {
        this.connections.set(flow.number, flow);
        const remote = remoteKey(flow.protocol, flow.remoteAddress, flow.remotePort);
        this.byRemote.set(remote, flow);
        flow.onClose(() => {
          this.connections.delete(flow.number);
          if (this.byRemote.get(remote) === flow) this.byRemote.delete(remote);
          this.options.onFlowClosed?.(flow);
        });
      },
    };
  }

  async listenUdp(host: string, port: number): Promise<number> {
    this.udp = await listenUdp(
      host,
      port,
      (data, flow) => this.receive(data, flow, false),
      this.options.onSent,
    );
    return this.udp.port;
  }

  /**
   * SIP over UDP and TCP on one port number. With port 0 the OS picks the UDP port, and the
   * same number may already be taken for TCP (another socket's ephemeral port): pick again.
   */
  async listenSip(host: string, port: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const udpPort = await this.listenUdp(host, port);
      try {
        await this.listenStream(host, udpPort);
        return udpPort;
      } catch (error) {
        const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (port !== 0 || !taken || attempt >= 20) throw error;
        await this.udp?.close();
        this.udp = undefined;
      }
    }
  }

  async listenStream(host: string, port: number, tlsFiles?: TlsFiles): Promise<number> {
    const listener = await listenStream(host, port, this.streamHandlers, tlsFiles);
    this.streams.push(listener);
    return listener.port;
  }

  /** SIP over WebSocket on an HTTP(S) server, whose every connection the guard then counts. */
  attachWebSocket(server: http.Server, secure: boolean): void {
    this.guard.watch(server, 'http');
    this.webSockets.push(
      attachWebSocket(server, secure, this.streamHandlers, this.options.wsPingIntervalMs),
    );
  }

  /** The live connection flow a `pbxf-N` token names, if it is still open. */
  flowByToken(token: string | undefined | null): ConnectionFlow | undefined {
    if (!token?.startsWith(FLOW_TOKEN_PREFIX)) return undefined;
    const flow = this.connections.get(Number(token.slice(FLOW_TOKEN_PREFIX.length)));
    return flow?.open ? flow : undefined;
  }

  /** The token that names a flow, or undefined for UDP (addressed by its Via instead). */
  tokenOf(flow: Flow): string | undefined {
    return 'number' in flow ? `${FLOW_TOKEN_PREFIX}${(flow as ConnectionFlow).number}` : undefined;
  }

  /** The UDP flow to an address, once the UDP socket is bound (kept bindings use it at start). */
  udpFlowTo(address: string, port: number): Flow | undefined {
    return this.udp?.flowTo(address, port);
  }

  /**
   * A flow to reach a URI directly: UDP by default, TCP when `transport=tcp` (reusing an
   * outbound connection). Only IP literals are resolved; names have no route (undefined).
   */
  flowToUri(uri: SipUri): Flow | undefined {
    const host = uri.host.replace(/^\[|\]$/g, '');
    if (!net.isIP(host)) return undefined;
    const transport = (uri.params.transport ?? 'udp').toLowerCase();
    const port = uri.port ?? 5060;
    if (transport === 'udp') return this.udp?.flowTo(host, port);
    if (transport !== 'tcp') return undefined;
    const key = `${host}:${port}`;
    const existing = this.outbound.get(key);
    if (existing?.open) return existing;
    const flow = connectTcp(host, port, this.streamHandlers);
    this.outbound.set(key, flow);
    flow.onClose(() => this.outbound.delete(key));
    return flow;
  }

  /**
   * A connection to a TCP/TLS device at `address:port` (RFC 3261 §18.1.1): a live one whose far
   * end is that address and port, whoever opened it, else a new one the PBX opens.
   */
  connectionTo(protocol: 'tcp' | 'tls', address: string, port: number): Flow {
    const existing = this.byRemote.get(remoteKey(protocol, address, port));
    if (existing?.open) return existing;
    return connectStream(protocol, address, port, this.streamHandlers);
  }

  /**
   * Starts handing messages up: called once everything they can reach is built and the
   * listening ports are known. What arrived before is handled now, in arrival order.
   */
  deliver(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const [data, flow, stream] of held) this.receive(data, flow, stream);
  }

  async close(): Promise<void> {
    this.guard.stop();
    for (const ws of this.webSockets) ws.close();
    for (const flow of this.connections.values()) flow.close();
    await Promise.all([this.udp?.close(), ...this.streams.map((s) => s.close())]);
  }

  private receive(data: Buffer, flow: Flow, stream: boolean): void {
    if (this.held) {
      if (this.held.length < MAX_HELD) this.held.push([data, flow, stream]);
      else this.stats.droppedAtStart++;
      return;
    }
    if (isKeepAlive(data)) return;
    this.stats.received++;
    let message: SipMessage | undefined;
    try {
      message = this.parse(data, flow, stream);
      if (!message) return;
      if (message.type === 'request') stampReceived(message, flow);
      this.options.onMessage(message, flow);
    } catch (error) {
      const cseq = message?.cseq;
      this.barrier.caught(error, {
        flow: flow.id,
        callId: message?.callId,
        cseq: cseq && `${cseq.seq} ${cseq.method}`,
      });
      // A request that failed before its transaction could answer gets a stateless 500.
      if (message?.type === 'request' && message.method !== 'ACK' && !faultAnswered(message)) {
        try {
          flow.send(refusalResponse(message, refusal('serverError')));
        } catch {
          // Counted and logged above already; a request that cannot even be answered is dropped.
        }
      }
    }
  }

  /** The message, or undefined when it did not parse (answered 400 when it can be). */
  private parse(data: Buffer, flow: Flow, stream: boolean): SipMessage | undefined {
    try {
      return parseMessage(data, {
        stream: stream && flow.protocol !== 'ws' && flow.protocol !== 'wss',
      });
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      this.stats.malformed++;
      const answer = buildBadRequest(error.failure);
      if (answer) {
        flow.send(answer);
        this.stats.answeredBadRequest++;
      } else {
        this.stats.dropped++;
      }
      const { log } = this.options;
      if (log?.isLevelEnabled('debug')) {
        const { reason } = error.failure;
        log.debug(
          { event: 'parse.dropped', flow: flow.id, reason, answered: !!answer },
          'unparsable',
        );
      }
      return undefined;
    }
  }
}

function remoteKey(protocol: TransportProtocol, address: string, port: number): string {
  return `${protocol}|${address}|${port}`;
}

/** RFC 5626 keep-alives and stray line breaks between datagrams carry no message. */
function isKeepAlive(data: Buffer): boolean {
  for (const byte of data) if (byte !== 0x0d && byte !== 0x0a && byte !== 0x20) return false;
  return true;
}

/** RFC 3261 §18.2.1 `received` and RFC 3581 `rport` on the top Via. */
function stampReceived(request: SipRequest, flow: Flow): void {
  const vias = request.vias;
  const top = vias?.[0];
  if (!vias || !top) return;
  const unchanged =
    !('rport' in top.params) && top.host.replace(/^\[|\]$/g, '') === flow.remoteAddress;
  if (unchanged) return;
  const stamped = stampVia(top, flow.remoteAddress, flow.remotePort);
  const values = request.headers.getAll('via');
  request.headers.setParsed(
    'via',
    [formatVia(stamped), ...values.slice(1)],
    [stamped, ...vias.slice(1)],
  );
}

export type { TransportProtocol };
