import { describe, it, expect } from 'vitest';
import { REAL_MESSAGES } from '../../test/fixtures/sip/real-messages';
import { parseMessage } from './parser';
import { StreamFramer } from './stream-framer';

function framer() {
  const events: string[] = [];
  const messages: Buffer[] = [];
  const f = new StreamFramer({
    onMessage: (data) => {
      messages.push(data);
      events.push('message');
    },
    onKeepAlive: () => events.push('ping'),
    onError: (reason) => events.push('error: ' + reason),
  });
  return { f, events, messages };
}

const messages = REAL_MESSAGES.map((m) => m.data);
const texts = messages.map((m) => m.toString('latin1'));
const asText = (out: Buffer[]): string[] => out.map((m) => m.toString('latin1'));
const stream = Buffer.concat([
  Buffer.from('\r\n'),
  ...messages.flatMap((m, i) => (i % 3 === 0 ? [m, Buffer.from('\r\n\r\n')] : [m])),
]);
const pings = messages.filter((_m, i) => i % 3 === 0).length;

describe('StreamFramer', () => {
  it('frames several messages and pings from one chunk', () => {
    const { f, events, messages: out } = framer();
    f.push(stream);
    expect(asText(out)).toEqual(texts);
    expect(events.filter((e) => e === 'ping')).toHaveLength(pings);
    for (const m of out) expect(() => parseMessage(m, { stream: true })).not.toThrow();
  });

  it('frames the same stream split at every byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const { f, events, messages: out } = framer();
      f.push(stream.subarray(0, cut));
      f.push(stream.subarray(cut));
      expect(asText(out)).toEqual(texts);
      expect(events.filter((e) => e === 'ping')).toHaveLength(pings);
    }
  });

  it('frames the stream fed one byte at a time', () => {
    const { f, events, messages: out } = framer();
    for (let i = 0; i < stream.length; i++) f.push(stream.subarray(i, i + 1));
    expect(asText(out)).toEqual(texts);
    expect(events).not.toContain(expect.stringContaining('error'));
  });

  it('tells a CRLFCRLF ping from single CRLF pongs', () => {
    const { f, events } = framer();
    f.push(Buffer.from('\r\n'));
    f.push(Buffer.from('\r\n'));
    expect(events).toEqual(['ping']);
    f.push(Buffer.from('\r\n' + messages[0]!.toString('latin1'), 'latin1'));
    expect(events).toEqual(['ping', 'message']);
  });

  it('fails a message without Content-Length', () => {
    const { f, events } = framer();
    f.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n'));
    expect(events).toEqual(['error: Missing Content-Length']);
    f.push(messages[0]!);
    expect(events).toHaveLength(1);
  });

  it('fails a body over 1 MiB and a header section over 64 KiB', () => {
    const big = framer();
    big.f.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nl: 1048577\r\n\r\n'));
    expect(big.events).toEqual(['error: Content-Length Too Large']);
    const endless = framer();
    for (let i = 0; i < 70; i++)
      endless.f.push(Buffer.from('X-Junk: ' + 'j'.repeat(1014) + '\r\n'));
    expect(endless.events).toEqual(['error: Header Too Long']);
  });

  it('with a message limit, fails at the head a message that would not fit, before its body', () => {
    const events: string[] = [];
    const f = new StreamFramer(
      {
        onMessage: () => events.push('message'),
        onKeepAlive: () => undefined,
        onError: (reason) => events.push('error: ' + reason),
      },
      { maxMessageBytes: 8192 },
    );
    f.push(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 8192\r\n\r\n'));
    expect(events).toEqual(['error: Message Too Large']);
  });

  it('says how many bytes of an unfinished message it holds, and lets go of them once done', () => {
    const { f } = framer();
    const head = `MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 10000\r\n\r\n`;
    f.push(Buffer.from(head + 'x'.repeat(5000)));
    expect(f.buffered).toBe(head.length + 5000);
    f.push(Buffer.from('x'.repeat(5000)));
    expect(f.buffered).toBe(0);
  });

  it('waits for a body that has not arrived yet', () => {
    const { f, messages: out } = framer();
    const body = 'x'.repeat(100_000);
    f.push(Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n`));
    for (let i = 0; i < body.length; i += 1000) f.push(Buffer.from(body.slice(i, i + 1000)));
    expect(out).toHaveLength(1);
    expect(out[0]!.length).toBe(body.length + 51);
  });

  it('never throws or loops on random chunks', () => {
    let seed = 99;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = Buffer.from('\r\n:l0123 Content-Length', 'latin1');
    for (let round = 0; round < 300; round++) {
      const { f } = framer();
      for (let k = 0; k < 20; k++) {
        const chunk = Buffer.alloc(rand(200));
        for (let i = 0; i < chunk.length; i++) chunk[i] = alphabet[rand(alphabet.length)]!;
        expect(() => f.push(chunk)).not.toThrow();
      }
    }
  });
});
