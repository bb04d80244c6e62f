import dgram from 'node:dgram';
import dns from 'node:dns';
import { isIP } from 'node:net';
import type { SipMessage } from '../message';
import { serializeMessage } from '../serializer';
import type { Flow, SentListener } from './flow';

/** One remote address and port on the shared UDP socket. UDP flows never close. */
export class UdpFlow implements Flow {
  readonly protocol = 'udp' as const;
  readonly reliable = false;
  readonly open = true;
  readonly id: string;

  constructor(
    private readonly outbox: DatagramOutbox,
    readonly localAddress: string,
    readonly localPort: number,
    readonly remoteAddress: string,
    readonly remotePort: number,
    private readonly onSent?: SentListener,
  ) {
    this.id = `udp:${remoteAddress}:${remotePort}`;
  }

  /** False once the socket has been closed (the PBX is stopping). */
  send(message: SipMessage): boolean {
    const queued = this.outbox.queue(serializeMessage(message), this);
    if (queued) this.onSent?.(message, this);
    return queued;
  }
}

/**
 * The datagrams sent while the PBX handles what one wait for I/O brought in, sent together
 * right after it (setImmediate: libuv's check phase, after the poll that read them).
 *
 * Why: every datagram wakes the process it goes to, and on a busy PBX that wakeup was a fifth
 * of the SIP thread's time (perf: sendmsg → the receiver's sock_def_readable →
 * try_to_wake_up). Sent back to back, the later datagrams find their receivers awake. An idle
 * PBX reads one datagram per poll, so a lone answer waits for nothing; a loaded one reads up
 * to 32 (libuv), and the busier it is the more each batch saves. Order per socket is kept.
 */
export class DatagramOutbox {
  private readonly pending: { bytes: Buffer; flow: UdpFlow }[] = [];
  private closed = false;

  constructor(private readonly socket: dgram.Socket) {}

  /** False once the outbox is closed. */
  queue(bytes: Buffer, flow: UdpFlow): boolean {
    if (this.closed) return false;
    if (this.pending.push({ bytes, flow }) === 1) setImmediate(() => this.flush());
    return true;
  }

  /** Sends what is queued; later sends are refused. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private flush(): void {
    for (const { bytes, flow } of this.pending) {
      try {
        this.socket.send(bytes, flow.remotePort, flow.remoteAddress);
      } catch {
        // The socket closed meanwhile; UDP loses datagrams anyway and transactions retransmit.
      }
    }
    this.pending.length = 0;
  }
}

export interface UdpListener {
  readonly port: number;
  flowTo(address: string, port: number): UdpFlow;
  close(): Promise<void>;
}

/**
 * Address lookup for sends: flows carry IP addresses, which dgram would otherwise pass through
 * dns.lookup and a process.nextTick on every datagram. Names still go to DNS.
 */
function lookup(
  address: string,
  family: unknown,
  callback: (error: Error | null, address: string, family: number) => void,
): void {
  const version = isIP(address);
  if (version !== 0) callback(null, address, version);
  else dns.lookup(address, family as dns.LookupOneOptions, callback);
}

/** Remote addresses whose flow objects are reused; older ones get a new object when back. */
const MAX_SHARED_FLOWS = 65_536;

/** Binds the UDP socket; every datagram goes to onDatagram with the flow it came from. */
export function listenUdp(
  host: string,
  port: number,
  onDatagram: (data: Buffer, flow: UdpFlow) => void,
  onSent?: SentListener,
): Promise<UdpListener> {
  const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', lookup });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      // Keep serving whatever a single send or receive does wrong.
      socket.on('error', () => undefined);
      try {
        socket.setRecvBufferSize(8 * 1024 * 1024);
        socket.setSendBufferSize(8 * 1024 * 1024);
      } catch {
        // The kernel may cap buffer sizes; the defaults still work.
      }
      const bound = socket.address();
      const outbox = new DatagramOutbox(socket);
      // One flow per remote address, shared by its transactions and bindings (bounded).
      const flows = new Map<string, UdpFlow>();
      const flowTo = (address: string, remotePort: number) => {
        const id = `${address}:${remotePort}`;
        let flow = flows.get(id);
        if (!flow) {
          if (flows.size >= MAX_SHARED_FLOWS) flows.delete(flows.keys().next().value as string);
          flow = new UdpFlow(outbox, bound.address, bound.port, address, remotePort, onSent);
          flows.set(id, flow);
        }
        return flow;
      };
      socket.on('message', (data, rinfo) => onDatagram(data, flowTo(rinfo.address, rinfo.port)));
      resolve({
        port: bound.port,
        flowTo,
        close: () => {
          outbox.close();
          return new Promise((done) => socket.close(() => done()));
        },
      });
    });
  });
}
