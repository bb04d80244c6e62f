import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One RTP packet seen on `lo`, to or from the watched port. */
export interface RtpPacket {
  srcPort: number;
  dstPort: number;
  payloadType: number;
  payload: Buffer;
}

/** An RFC 4733 telephone event (a DTMF digit is 0–9, `*` 10, `#` 11). */
export interface TelephoneEvent {
  event: number;
  end: boolean;
}

/** A live capture of one UDP port (or a range of them) on `lo`. */
export interface RtpCapture {
  readonly port: number;
  /** The RTP packets to or from `port` seen so far, in the order they crossed `lo`. */
  packets(): readonly RtpPacket[];
  /** Ends the capture; resolves with every packet it saw. */
  stop(): Promise<readonly RtpPacket[]>;
}

/** tshark loads its dissectors first: about 2 s on an idle machine, over 10 s on a loaded one. */
const STARTUP_MS = 30_000;

/**
 * Captures the UDP traffic of one port on `lo` with tshark (root, or CAP_NET_RAW in the test's
 * network namespace), reading each packet as it comes; resolves once tshark is capturing.
 */
export async function captureRtp(port: number, lastPort = port): Promise<RtpCapture> {
  const fields = ['udp.srcport', 'udp.dstport', 'udp.payload'].flatMap((f) => ['-e', f]);
  const filter = lastPort === port ? `udp port ${port}` : `udp portrange ${port}-${lastPort}`;
  const child = spawn('tshark', ['-i', 'lo', '-f', filter, '-n', '-l', '-T', 'fields', ...fields], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seen: RtpPacket[] = [];
  let log = '';
  createInterface({ input: child.stdout }).on('line', (line) => {
    const [src, dst, hex] = line.trim().split('\t');
    const rtp = hex ? parseRtp(Buffer.from(hex.replace(/:/g, ''), 'hex')) : undefined;
    if (rtp) seen.push({ srcPort: Number(src), dstPort: Number(dst), ...rtp });
  });
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.once('error', (error) => (log += `cannot run tshark (Debian: tshark): ${error.message}`));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const deadline = Date.now() + STARTUP_MS;
  while (!log.includes('Capturing on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`tshark did not start capturing on lo: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let stopped: Promise<readonly RtpPacket[]> | undefined;
  return {
    port,
    packets: () => seen,
    stop: () =>
      (stopped ??= (async () => {
        child.kill('SIGINT'); // tshark prints what it still holds, then exits
        await exited;
        return seen;
      })()),
  };
}

/** A UDP payload read as RTP (RFC 3550 §5.1); undefined for anything else (RTCP, STUN). */
function parseRtp(data: Buffer): Pick<RtpPacket, 'payloadType' | 'payload'> | undefined {
  const first = data[0] ?? 0;
  if (data.length < 12 || first >> 6 !== 2) return undefined;
  const payloadType = data[1]! & 0x7f;
  if (payloadType >= 72 && payloadType <= 79) return undefined; // RTCP (RFC 5761 §4)
  let offset = 12 + 4 * (first & 0x0f);
  if (first & 0x10 && data.length >= offset + 4) offset += 4 + 4 * data.readUInt16BE(offset + 2);
  const padding = first & 0x20 ? data[data.length - 1]! : 0;
  return { payloadType, payload: data.subarray(offset, data.length - padding) };
}

/** The telephone event a packet carries, when its payload type is `eventType` (RFC 4733 §2.3). */
export function telephoneEvent(packet: RtpPacket, eventType: number): TelephoneEvent | undefined {
  if (packet.payloadType !== eventType || packet.payload.length !== 4) return undefined;
  return { event: packet.payload[0]!, end: (packet.payload[1]! & 0x80) !== 0 };
}

/** The packets that went to `port` from elsewhere (not SIPp's echo of them). */
export function sentTo(packets: readonly RtpPacket[], port: number): RtpPacket[] {
  return packets.filter((p) => p.dstPort === port && p.srcPort !== port);
}

/** One line per direction and payload type, for assertion messages. */
export function summarise(packets: readonly RtpPacket[]): string {
  const counts = new Map<string, number>();
  for (const p of packets) {
    const key = `${p.srcPort}→${p.dstPort} PT ${p.payloadType}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key}: ${n} packets`).join('\n') || 'no RTP at all';
}
