import dgram from 'node:dgram';

/**
 * A plain RTP endpoint (an IP phone's or the carrier's media): one UDP socket on 127.0.0.1 that
 * records what arrives and from where.
 */
export interface RtpPeer {
  port: number;
  received: Buffer[];
  /** Each sender's `address:port`, in the order of first arrival. */
  senders: Set<string>;
  send(packet: Buffer, port: number): void;
  close(): void;
}

export async function rtpPeer(): Promise<RtpPeer> {
  const socket = dgram.createSocket('udp4');
  const received: Buffer[] = [];
  const senders = new Set<string>();
  socket.on('message', (packet, from) => {
    received.push(packet);
    senders.add(`${from.address}:${from.port}`);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    received,
    senders,
    send: (packet, port) => socket.send(packet, port, '127.0.0.1'),
    close: () => socket.close(),
  };
}

/** An RTP packet (RFC 3550) carrying 20 ms of one G.711 byte repeated. */
export function rtpPacket(payloadType: number, seq: number, ssrc: number, byte: number): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = payloadType;
  header.writeUInt16BE(seq, 2);
  header.writeUInt32BE(seq * 160, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, Buffer.alloc(160, byte)]);
}

/**
 * Sends 20 ms packets like a phone does (rtpengine's transcoder wants a steady stream): `count`
 * of them, or until `enough()` holds (at most `ms`).
 */
export async function talk(
  from: RtpPeer,
  to: number,
  payloadType: number,
  byte: number,
  until: number | (() => boolean) = 25,
  ms = 20_000,
): Promise<void> {
  const enough = typeof until === 'number' ? (seq: number) => seq > until : () => until();
  const deadline = Date.now() + ms;
  for (let seq = 1; !enough(seq) && Date.now() < deadline; seq++) {
    from.send(rtpPacket(payloadType, seq, 0x1234abcd, byte), to);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The payload types of `packets`. */
export const payloadTypes = (packets: Buffer[]) => new Set(packets.map((p) => p[1]! & 0x7f));
