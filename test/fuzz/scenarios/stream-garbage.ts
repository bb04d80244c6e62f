import { TcpEndpoint, type Endpoint } from '../endpoints';
import { stray } from '../hostile';
import { BAD_LENGTHS } from '../hostile-values';
import type { Prng } from '../prng';
import type { Run } from '../run';
import { branch, unique, via } from '../sip-ua';
import { Outgoing } from '../wire';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A small well-formed request an unauthenticated peer may send: OPTIONS, or a REGISTER. */
export function smallRequest(run: Run, endpoint: Endpoint, p: Prng): Outgoing {
  const domain = run.world.address.domain;
  const method = p.chance(0.5) ? 'OPTIONS' : 'REGISTER';
  const user = p.chance(0.5) ? '0000000' : p.between(1000000, 9999999);
  return new Outgoing(`${method} sip:${domain} SIP/2.0`, [
    ['Via', via(endpoint, branch())],
    ['Max-Forwards', '70'],
    ['From', `<sip:${user}@${domain}>;tag=${unique('g')}`],
    ['To', `<sip:${user}@${domain}>`],
    ['Call-ID', unique('g')],
    ['CSeq', `1 ${method}`],
    ['Contact', `<sip:${user}@127.0.0.1:${run.world.sink.port}>`],
  ]);
}

/**
 * A TCP connection that frames badly: several messages in one write, a message cut over
 * several writes, wrong or missing Content-Length, junk, keep-alives, a header section that
 * never ends, stray responses. The PBX may close the connection; then the next one opens.
 */
export async function streamGarbage(run: Run): Promise<void> {
  const plan = run.step('plan');
  const { sip } = run.world.address;
  let tcp = run.throwaway(await TcpEndpoint.open(sip, run.world.events));
  for (let n = plan.between(4, 12); n > 0; n--) {
    if (tcp.closed) tcp = run.throwaway(await TcpEndpoint.open(sip, run.world.events));
    const p = run.step('frame');
    const kind = p.weighted([
      ['joined', 5],
      ['cut', 5],
      ['bad-length', 2],
      ['junk', 1],
      ['keepalive', 1],
      ['endless', 1],
      ['stray', 2],
    ]);
    const endpoint = tcp;
    const write = (bytes: Buffer) => () => endpoint.write(bytes);
    if (kind === 'joined') {
      const count = p.between(2, 4);
      const parts = Array.from({ length: count }, () => smallRequest(run, tcp, p).bytes());
      if (p.chance(0.3)) parts.push(parts[0]!.subarray(0, p.int(parts[0]!.length)));
      const bytes = Buffer.concat(parts);
      await run.raw('stream-joined', `joined:${count}`, bytes, write(bytes), {
        messages: count,
        category: 'streamFrames',
      });
    } else if (kind === 'cut') {
      const bytes = smallRequest(run, tcp, p).bytes();
      const pieces = p.between(2, 6);
      let from = 0;
      for (let k = 1; k <= pieces; k++) {
        const to =
          k === pieces
            ? bytes.length
            : Math.max(from, Math.floor((bytes.length * k) / pieces) - p.int(5));
        tcp.write(bytes.subarray(from, to));
        from = to;
        await (p.chance(0.5)
          ? tick()
          : new Promise((resolve) => setTimeout(resolve, p.between(1, 5))));
      }
      await run.raw('stream-cut', `cut:${pieces}`, bytes, () => undefined, {
        messages: 1,
        category: 'streamFrames',
      });
    } else if (kind === 'bad-length') {
      const message = smallRequest(run, tcp, p);
      const value = p.pick([...BAD_LENGTHS, 'missing', '5']);
      if (value !== 'missing') message.fields.push(['Content-Length', value]);
      message.body = 'v=0\r\n';
      const bytes =
        value === 'missing'
          ? Buffer.from(
              message
                .bytes()
                .toString('latin1')
                .replace(/Content-Length: \d+\r\n/, ''),
              'latin1',
            )
          : message.bytes();
      await run.raw('stream-length', `content-length:${value}`, bytes, write(bytes), {
        messages: 1,
        category: 'otherMutations',
      });
    } else if (kind === 'junk') {
      const bytes = p.pick([
        p.bytes(p.between(1, 400)),
        Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
        Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]),
        Buffer.alloc(64),
        Buffer.from('SIP/2.0 200 OK\r\n\r\n'),
      ]);
      await run.raw('stream-junk', 'junk', bytes, write(bytes), {
        messages: 1,
        category: 'otherMutations',
      });
    } else if (kind === 'keepalive') {
      const bytes = Buffer.from(p.pick(['\r\n\r\n', '\r\n', '\r\n\r\n\r\n\r\n']));
      await run.raw('stream-keepalive', 'keepalive', bytes, write(bytes), { messages: 0 });
    } else if (kind === 'endless') {
      const bytes = Buffer.from(
        `OPTIONS sip:x SIP/2.0\r\n${'X-Long: aaaaaaaaaa\r\n'.repeat(4000)}`,
      );
      await run.raw('stream-endless', 'endless-header', bytes, write(bytes), {
        messages: 1,
        category: 'otherMutations',
      });
    } else {
      await stray(run, 'stream-stray', p, tcp);
    }
    await tick();
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
