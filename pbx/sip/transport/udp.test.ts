import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../parser';
import { listenUdp, type UdpListener } from './udp';

function options(n: number) {
  return parseMessage(
    Buffer.from(
      `OPTIONS sip:peer@127.0.0.1 SIP/2.0\r\n` +
        `Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK${n}\r\n` +
        `From: <sip:pbx@127.0.0.1>;tag=a\r\nTo: <sip:peer@127.0.0.1>\r\n` +
        `Call-ID: ${n}@test\r\nCSeq: ${n} OPTIONS\r\nContent-Length: 0\r\n\r\n`,
    ),
  );
}

/** A UDP peer that collects the Call-IDs of what it receives. */
async function startPeer() {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const callIds: string[] = [];
  socket.on('message', (data) => callIds.push(parseMessage(data).headers.get('call-id')!));
  const received = async (count: number) => {
    while (callIds.length < count) await once(socket, 'message');
    return callIds;
  };
  return { socket, port: socket.address().port, received };
}

describe('UDP sends', () => {
  let listener: UdpListener | undefined;
  const peers: dgram.Socket[] = [];
  afterEach(async () => {
    await listener?.close();
    for (const peer of peers.splice(0)) peer.close();
  });

  it('delivers what one turn sends to several peers, each in the order it was sent', async () => {
    listener = await listenUdp('127.0.0.1', 0, () => undefined);
    const a = await startPeer();
    const b = await startPeer();
    peers.push(a.socket, b.socket);
    const toA = listener.flowTo('127.0.0.1', a.port);
    const toB = listener.flowTo('127.0.0.1', b.port);
    for (let n = 1; n <= 20; n++) expect((n % 2 ? toA : toB).send(options(n))).toBe(true);
    const odd = Array.from({ length: 10 }, (_, i) => `${2 * i + 1}@test`);
    const even = Array.from({ length: 10 }, (_, i) => `${2 * i + 2}@test`);
    expect(await a.received(10)).toEqual(odd);
    expect(await b.received(10)).toEqual(even);
  });

  it('answers a datagram it receives', async () => {
    const peer = await startPeer();
    peers.push(peer.socket);
    listener = await listenUdp('127.0.0.1', 0, (_data, flow) => flow.send(options(7)));
    peer.socket.send('ping', listener.port, '127.0.0.1');
    expect(await peer.received(1)).toEqual(['7@test']);
  });

  it('sends what is queued when it closes, and refuses sends after that', async () => {
    const peer = await startPeer();
    peers.push(peer.socket);
    listener = await listenUdp('127.0.0.1', 0, () => undefined);
    const flow = listener.flowTo('127.0.0.1', peer.port);
    expect(flow.send(options(1))).toBe(true);
    const closed = listener.close();
    listener = undefined;
    expect(flow.send(options(2))).toBe(false);
    await closed;
    expect(await peer.received(1)).toEqual(['1@test']);
  });
});
