import net from 'node:net';
import { parseMessage } from '../../pbx/sip/parser';
import { serializeMessage } from '../../pbx/sip/serializer';
import { StreamFramer } from '../../pbx/sip/stream-framer';
import { createResponse } from '../../pbx/sip/transaction';

/** A TCP phone's listening socket: answers every INVITE `486`, counts its connections. */
export async function busyTcpPhone() {
  const phone = { connections: 0, invites: 0, port: 0, server: net.createServer() };
  phone.server.on('connection', (socket) => {
    phone.connections++;
    const framer = new StreamFramer({
      onMessage: (data) => {
        const message = parseMessage(data);
        if (message.type !== 'request' || message.method !== 'INVITE') return;
        phone.invites++;
        const busy = createResponse(message, 486, 'Busy Here');
        busy.headers.set('to', `${message.headers.get('to')};tag=busy${phone.invites}`);
        socket.write(serializeMessage(busy));
      },
      onKeepAlive: () => undefined,
      onError: () => socket.destroy(),
    });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => phone.server.listen(0, '127.0.0.1', () => r()));
  phone.port = (phone.server.address() as net.AddressInfo).port;
  return phone;
}
