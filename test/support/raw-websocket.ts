import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** A WebSocket upgrade in progress: the response head, then short text frames. */
export interface RawWebSocket {
  /** The status line and headers of the server's answer to the upgrade. */
  head: Promise<string>;
  /** Sends one masked text frame, as a client must. */
  send(text: string): void;
  /** The next short unmasked text frame from the server. */
  nextText(): Promise<string>;
  destroy(): void;
}

/**
 * A WebSocket client written out by hand, for request targets the `ws` client cannot send
 * (an absolute URI, as a forward proxy sends it).
 */
export async function rawUpgrade(
  port: number,
  target: string,
  protocol?: string,
  ms = 3000,
): Promise<RawWebSocket> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) =>
    socket.once('connect', resolve).once('error', reject),
  );
  socket.on('error', () => undefined);
  let buffer = Buffer.alloc(0);
  let wake = () => {};
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake();
  });
  socket.on('close', () => wake());
  const until = async <T>(take: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (socket.destroyed || Date.now() > deadline) {
        throw new Error(`nothing more; received ${JSON.stringify(buffer.toString('latin1'))}`);
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };
  socket.write(
    [
      `GET ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...(protocol ? [`Sec-WebSocket-Protocol: ${protocol}`] : []),
      '',
      '',
    ].join('\r\n'),
  );
  const head = until(() => {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    const text = buffer.subarray(0, end).toString('latin1');
    buffer = buffer.subarray(end + 4);
    return text;
  });
  return {
    head,
    send(text) {
      const payload = Buffer.from(text, 'utf8');
      if (payload.length > 125) throw new Error('only short frames are written here');
      const mask = randomBytes(4);
      const masked = payload.map((byte, i) => byte ^ mask[i % 4]!);
      socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    },
    nextText: () =>
      until(() => {
        if (buffer.length < 2 || buffer.length < 2 + (buffer[1]! & 0x7f)) return undefined;
        const length = buffer[1]! & 0x7f;
        const text = buffer.subarray(2, 2 + length).toString('utf8');
        buffer = buffer.subarray(2 + length);
        return text;
      }),
    destroy: () => socket.destroy(),
  };
}
