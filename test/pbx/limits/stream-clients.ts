import net from 'node:net';

/** A raw TCP connection from a loopback address of its own (all of 127.0.0.0/8 is local). */
export interface RawConnection {
  socket: net.Socket;
  /** Resolves when the PBX closed it (or it failed). */
  closed: Promise<void>;
  isClosed(): boolean;
  received(): string;
}

export async function connectFrom(
  port: number,
  localAddress = '127.0.0.1',
): Promise<RawConnection> {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress });
  let closed = false;
  let text = '';
  const closedPromise = new Promise<void>((resolve) => {
    socket.on('close', () => {
      closed = true;
      resolve();
    });
  });
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('close', () => reject(new Error('closed before connecting')));
  });
  return { socket, closed: closedPromise, isClosed: () => closed, received: () => text };
}

/** Whether the connection is closed within `ms` (false: still open). */
export async function closesWithin(connection: RawConnection, ms: number): Promise<boolean> {
  if (connection.isClosed()) return true;
  const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));
  return Promise.race([connection.closed.then(() => true as const), timer]);
}

/** Request headers a REGISTER-looking message begins with, Content-Length as given. */
export function messageHead(contentLength: number, from = '127.0.0.1'): string {
  return [
    'MESSAGE sip:0100001@pbx.test SIP/2.0',
    `Via: SIP/2.0/TCP ${from}:5999;branch=z9hG4bK${Math.random().toString(36).slice(2)}`,
    'From: <sip:0100002@pbx.test>;tag=a',
    'To: <sip:0100001@pbx.test>',
    `Call-ID: ${Math.random().toString(36).slice(2)}`,
    'CSeq: 1 MESSAGE',
    'Max-Forwards: 70',
    `Content-Length: ${contentLength}`,
    '',
    '',
  ].join('\r\n');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
