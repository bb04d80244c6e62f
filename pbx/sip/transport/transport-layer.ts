import type http from 'node:http';
import net from 'node:net';
import type { SipMessage, SipRequest } from '../message';
import { parseMessage, SipParseError } from '../parser';
import { formatVia, parseVia } from '../headers';
import type { SipUri } from '../uri';
import { buildBadRequest } from './bad-request';
import type { ConnectionFlow } from './connection-flow';
import type { Flow, TransportProtocol } from './flow';
import { connectTcp, listenStream, type StreamListener, type TlsFiles } from './stream';
import { listenUdp, type UdpListener } from './udp';
import { attachWebSocket, type WebSocketListener } from './websocket';

export interface TransportStats {
  received: number;
  /** Messages that failed to parse. */
  malformed: number;
  /** Malformed requests answered with 400. */
  answeredBadRequest: number;
  /** Malformed messages that could not be answered. */
  dropped: number;
}

export interface TransportLayerOptions {
  onMessage(message: SipMessage, flow: Flow): void;
  onFlowClosed?(flow: ConnectionFlow): void;
  wsPingIntervalMs?: number;
}

/** The prefix of a flow token in Record-Route users and the PBX's Via parameter. */
export const FLOW_TOKEN_PREFIX = 'pbxf-';

/**
 * Owns every listening socket and connection, turns bytes into parsed messages (answering
 * `400` to what cannot be parsed), stamps `received`/`rport` (RFC 3581) and keeps the
 * registry of connection flows by number.
 */
export class TransportLayer {
  readonly stats: TransportStats = { received: 0, malformed: 0, answeredBadRequest: 0, dropped: 0 };
  private readonly connections = new Map<number, ConnectionFlow>();
  private udp?: UdpListener;
  private readonly streams: StreamListener[] = [];
  private readonly webSockets: WebSocketListener[] = [];
  private readonly outbound = new Map<string, ConnectionFlow>();

  constructor(private readonly options: TransportLayerOptions) {}

  async listenUdp(host: string, port: number): Promise<number> {
    this.udp = await listenUdp(host, port, (data, flow) => this.receive(data, flow, false));
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

  attachWebSocket(server: http.Server, secure: boolean): void {
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

  async close(): Promise<void> {
    for (const ws of this.webSockets) ws.close();
    for (const flow of this.connections.values()) flow.close();
    await Promise.all([this.udp?.close(), ...this.streams.map((s) => s.close())]);
  }

  private readonly streamHandlers = {
    onData: (data: Buffer, flow: ConnectionFlow) => this.receive(data, flow, true),
    onFlow: (flow: ConnectionFlow) => {
      this.connections.set(flow.number, flow);
      flow.onClose(() => {
        this.connections.delete(flow.number);
        this.options.onFlowClosed?.(flow);
      });
    },
  };

  private receive(data: Buffer, flow: Flow, stream: boolean): void {
    if (isKeepAlive(data)) return;
    this.stats.received++;
    let message: SipMessage;
    try {
      message = parseMessage(data, {
        stream: stream && flow.protocol !== 'ws' && flow.protocol !== 'wss',
      });
    } catch (error) {
      this.stats.malformed++;
      const answer = error instanceof SipParseError ? buildBadRequest(error.failure) : undefined;
      if (answer) {
        flow.send(answer);
        this.stats.answeredBadRequest++;
      } else {
        this.stats.dropped++;
      }
      return;
    }
    if (message.type === 'request') stampReceived(message, flow);
    this.options.onMessage(message, flow);
  }
}

/** RFC 5626 keep-alives and stray line breaks between datagrams carry no message. */
function isKeepAlive(data: Buffer): boolean {
  for (const byte of data) if (byte !== 0x0d && byte !== 0x0a && byte !== 0x20) return false;
  return true;
}

/** RFC 3261 §18.2.1 `received` and RFC 3581 `rport` on the top Via. */
function stampReceived(request: SipRequest, flow: Flow): void {
  const values = request.headers.getAll('via');
  const top = values[0];
  if (top === undefined) return;
  const via = parseVia(top);
  if ('rport' in via.params) via.params.rport = String(flow.remotePort);
  if (via.host.replace(/^\[|\]$/g, '') !== flow.remoteAddress)
    via.params.received = flow.remoteAddress;
  request.headers.set('via', [formatVia(via), ...values.slice(1)]);
}

export type { TransportProtocol };
