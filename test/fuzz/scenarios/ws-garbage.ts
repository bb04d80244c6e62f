import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { WsEndpoint } from '../endpoints';
import { stray } from '../hostile';
import type { Prng } from '../prng';
import type { Run } from '../run';
import { smallRequest } from './stream-garbage';

/**
 * WebSocket frames that are not one SIP text message: junk text and binary, invalid UTF-8,
 * fragments, control frames, an oversized frame, stray responses; and, on a hand-written
 * connection, frames that break the protocol (unmasked, reserved opcodes and bits, a
 * continuation with nothing to continue, a control frame over 125 bytes, a 2^63 length).
 */
export async function wsGarbage(run: Run): Promise<void> {
  const plan = run.step('plan');
  if (plan.chance(0.25)) return rawFrames(run, plan);
  const ws = run.throwaway(await WsEndpoint.open(run.world.address.http, run.world.events));
  for (let n = plan.between(4, 12); n > 0 && !ws.closed; n--) {
    const p = run.step('ws-frame');
    const kind = p.weighted([
      ['text-junk', 3],
      ['binary-junk', 2],
      ['bad-utf8', 1],
      ['fragments', 3],
      ['binary-sip', 2],
      ['ping', 2],
      ['pong', 1],
      ['empty', 1],
      ['oversized', 1],
      ['stray', 3],
    ]);
    if (kind === 'stray') {
      await stray(run, 'ws-stray', p, ws);
      continue;
    }
    const payload = framePayload(run, ws, p, kind);
    const how =
      kind === 'binary-junk' || kind === 'binary-sip'
        ? 'binary'
        : kind === 'fragments'
          ? 'fragments'
          : kind === 'ping' || kind === 'pong'
            ? kind
            : 'text';
    await run.raw(`ws-${kind}`, `ws:${kind}`, payload, () => ws.frame(payload, how), {
      messages: 1,
      category: 'webSocketFrames',
    });
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}

function framePayload(run: Run, ws: WsEndpoint, p: Prng, kind: string): Buffer {
  switch (kind) {
    case 'text-junk':
      return Buffer.from(
        p.pick([
          'hello',
          '{"jsonrpc":"2.0"}',
          'SIP/2.0',
          'INVITE',
          '\r\n\r\n',
          'x'.repeat(p.between(1, 3000)),
        ]),
      );
    case 'binary-junk':
      return p.bytes(p.between(1, 2000));
    case 'bad-utf8':
      return Buffer.from([0x4f, 0x50, 0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]);
    case 'empty':
      return Buffer.alloc(0);
    case 'oversized':
      return Buffer.alloc(300 * 1024, 0x61);
    case 'ping':
    case 'pong':
      return p.bytes(p.between(0, 125));
    default:
      return smallRequest(run, ws, p).bytes();
  }
}

/** One WebSocket frame written by hand (client frames are masked unless `unmasked`). */
function frame(
  opcode: number,
  payload: Buffer,
  options: { fin?: boolean; rsv?: number; unmasked?: boolean; length?: bigint } = {},
): Buffer {
  const head = [((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode];
  const mask = options.unmasked ? 0 : 0x80;
  const length = options.length ?? BigInt(payload.length);
  let extended = Buffer.alloc(0);
  if (length < 126n) head.push(mask | Number(length));
  else if (length < 65536n) {
    head.push(mask | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push(mask | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(length);
  }
  if (options.unmasked) return Buffer.concat([Buffer.from(head), extended, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), extended, key, masked]);
}

/** A hand-written WebSocket connection that breaks the protocol (the PBX must drop it). */
async function rawFrames(run: Run, plan: Prng): Promise<void> {
  const socket = net.connect(run.world.address.http, '127.0.0.1');
  socket.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) =>
      socket.once('connect', () => resolve()).once('error', reject),
    );
    const protocol = plan.chance(0.85)
      ? 'Sec-WebSocket-Protocol: sip\r\n'
      : plan.pick(['', 'Sec-WebSocket-Protocol: chat\r\n']);
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${protocol}\r\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sip = Buffer.from('OPTIONS sip:x SIP/2.0\r\n\r\n');
    const p = run.step('raw-frame');
    const variants: [string, Buffer][] = [
      ['unmasked', frame(1, sip, { unmasked: true })],
      ['opcode-3', frame(3, sip)],
      ['opcode-11', frame(11, Buffer.alloc(0))],
      ['rsv1', frame(1, sip, { rsv: 4 })],
      ['lone-continuation', frame(0, sip)],
      ['ping-126', frame(9, Buffer.alloc(126))],
      ['close-999', frame(8, Buffer.from([0x03, 0xe7]))],
      ['close-1-byte', frame(8, Buffer.from([0x03]))],
      ['length-2^63', frame(1, Buffer.alloc(0), { length: 2n ** 63n - 1n }).subarray(0, 14)],
      ['half', frame(1, sip).subarray(0, 5)],
      ['fragment-then-text', Buffer.concat([frame(1, sip, { fin: false }), frame(1, sip)])],
    ];
    for (let n = p.between(1, 3); n > 0; n--) {
      const [name, bytes] = p.pick(variants);
      await run.raw('ws-raw', `ws-raw:${name}`, bytes, () => socket.write(bytes), {
        messages: 1,
        category: 'webSocketFrames',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    socket.destroy();
  }
}
