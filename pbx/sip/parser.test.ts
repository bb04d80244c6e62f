import { describe, it, expect } from 'vitest';
import { MALFORMED_MESSAGES } from '../../test/fixtures/sip/malformed';
import { REAL_MESSAGES, realMessage } from '../../test/fixtures/sip/real-messages';
import { parseAuthParams, parseContact, parseVia } from './headers';
import { parseMessage, SipParseError, type ParseFailure } from './parser';

const crlf = (text: string): Buffer => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');

function failure(data: Buffer, opts?: { stream?: boolean }): ParseFailure {
  try {
    parseMessage(data, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(SipParseError);
    return (err as SipParseError).failure;
  }
  throw new Error('parseMessage accepted a malformed message');
}

const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'];

describe('parseMessage on real messages', () => {
  it.each(REAL_MESSAGES.map((m) => [m.name, m.data] as const))('parses %s', (_name, data) => {
    const msg = parseMessage(data);
    for (const name of REQUIRED) expect(msg.headers.getAll(name).length).toBeGreaterThan(0);
    expect(Number(msg.headers.get('content-length'))).toBe(msg.body.length);
  });

  it('reads a JsSIP REGISTER with its outbound Contact', () => {
    const msg = parseMessage(realMessage('jssip-register'));
    expect(msg.type).toBe('request');
    if (msg.type !== 'request') return;
    expect(msg.method).toBe('REGISTER');
    expect(msg.uri).toEqual({ scheme: 'sip', host: 'pbx.example.com', params: {}, headers: {} });
    expect(parseVia(msg.headers.get('via')!)).toEqual({
      protocol: 'SIP/2.0',
      transport: 'WSS',
      host: '3v8kp5r1m2qd.invalid',
      params: { branch: 'z9hG4bK7262983' },
    });
    const contact = parseContact(msg.headers.get('m')!);
    expect(contact).not.toBe('*');
    if (contact === '*') return;
    expect(contact.uri.params).toEqual({ transport: 'ws' });
    expect(contact.params).toEqual({
      '+sip.ice': null,
      'reg-id': '1',
      '+sip.instance': '<urn:uuid:5f0bd1a2-93c4-4e37-b3a8-0a6d1c2e9f41>',
      expires: '600',
    });
    expect(msg.headers.getAll('supported')).toEqual(['path', 'gruu', 'outbound']);
    expect(msg.headers.getAll('allow')).toHaveLength(11);
  });

  it('reads a JsSIP INVITE body exactly and a UTF-8 MESSAGE body', () => {
    const invite = parseMessage(realMessage('jssip-invite'));
    expect(invite.body.toString().startsWith('v=0\r\n')).toBe(true);
    expect(invite.body.toString().endsWith('\r\n')).toBe(true);
    const message = parseMessage(realMessage('jssip-message'));
    expect(message.body.toString('utf8')).toBe('Привет, перезвоню через 5 минут');
  });

  it('reads SIPp [authentication] credentials without spaces after commas', () => {
    const msg = parseMessage(realMessage('sipp-register-auth'));
    const auth = parseAuthParams(msg.headers.get('authorization')!);
    expect(auth.scheme).toBe('Digest');
    expect(auth.params).toMatchObject({
      username: '0462626',
      realm: 'pbx.example.com',
      nc: '00000001',
      qop: 'auth',
      uri: 'sip:127.0.0.1:5060',
      algorithm: 'MD5',
    });
  });

  it('reads a 401 with a WWW-Authenticate challenge', () => {
    const msg = parseMessage(realMessage('sipp-register-401'));
    expect(msg.type === 'response' && [msg.status, msg.reason]).toEqual([401, 'Unauthorized']);
    const ch = parseAuthParams(msg.headers.get('www-authenticate')!);
    expect(ch.params).toEqual({
      realm: 'pbx.example.com',
      nonce: 'Zx1v3Wc5a6b7c8d9e0f1a2b3c4d5e6f7',
      qop: 'auth',
      algorithm: 'MD5',
      opaque: '5ccc069c403ebaf9f0171e9517f40e41',
    });
  });

  it('unfolds headers, expands compact names and splits list headers', () => {
    const msg = parseMessage(realMessage('compact-folded-options'));
    expect(msg.headers.get('subject')).toBe('a subject folded over two lines');
    expect(msg.headers.getAll('via')).toHaveLength(2);
    expect(parseVia(msg.headers.getAll('via')[1]!)).toMatchObject({
      host: '[2001:db8::9]',
      port: 5070,
      params: { received: '2001:db8::9' },
    });
    expect(msg.headers.getAll('supported')).toEqual(['path', 'outbound']);
    expect(msg.headers.get('from')).toBe('"Doe, Jane \\"JD\\"" <sip:jane@example.org>;tag=881');
    expect(msg.headers.get('call-id')).toBe('compact-folded-1@198.51.100.20');
    expect(msg.headers.get('to')).toBe('sip:0462626@pbx.example.com');
  });

  it('splits a multi-value Contact in a 200 to REGISTER', () => {
    const msg = parseMessage(realMessage('jssip-register-200'));
    expect(msg.headers.getAll('contact')).toHaveLength(2);
    expect(msg.headers.get('date')).toBe('Sat, 21 Nov 2026 10:15:02 GMT');
  });
});

describe('parseMessage bodies and framing', () => {
  const head = `OPTIONS sip:0462626@pbx.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bK1
From: <sip:a@pbx.example.com>;tag=1
To: <sip:0462626@pbx.example.com>
Call-ID: body-1
CSeq: 1 OPTIONS
`;

  it('takes the rest of a datagram as body when Content-Length is absent', () => {
    expect(parseMessage(crlf(head + '\nhello')).body.toString()).toBe('hello');
  });

  it('requires Content-Length on streams', () => {
    expect(failure(crlf(head + '\nhello'), { stream: true }).reason).toBe('Missing Content-Length');
  });

  it('discards datagram padding after the body but not other bytes', () => {
    const padded = Buffer.concat([
      crlf(head + 'Content-Length: 5\n\nhello'),
      Buffer.from('\r\n\0\0'),
    ]);
    expect(parseMessage(padded).body.toString()).toBe('hello');
    expect(failure(crlf(head + 'Content-Length: 5\n\nhello world')).reason).toBe(
      'Content-Length Mismatch',
    );
  });

  it('skips CRLFs before the start line and accepts bare LF line endings', () => {
    expect(parseMessage(crlf('\n\n' + head + '\n')).type).toBe('request');
    expect(parseMessage(Buffer.from(head + '\n')).type).toBe('request');
  });

  it('accepts Max-Forwards 0 and 255 and keeps other repeated headers apart', () => {
    const msg = parseMessage(crlf(head + 'Max-Forwards: 0\nX-A: 1\nX-A: 2, 3\n\n'));
    expect(msg.headers.getAll('x-a')).toEqual(['1', '2, 3']);
    expect(parseMessage(crlf(head + 'Max-Forwards: 255\n\n')).type).toBe('request');
    expect(failure(crlf(head + 'Max-Forwards: 256\n\n')).reason).toBe('Bad Max-Forwards');
  });

  it('names the missing header in the reason', () => {
    expect(failure(crlf(head.replace(/Call-ID.*\n/, '') + '\n')).reason).toBe('Missing Call-ID');
    expect(failure(crlf(head.replace('1 OPTIONS', '1 INVITE') + '\n')).reason).toBe(
      'CSeq Method Mismatch',
    );
    expect(failure(crlf(head.replace('1 OPTIONS', 'x OPTIONS') + '\n')).reason).toBe('Bad CSeq');
  });
});

describe('parseMessage on the malformed corpus', () => {
  it('has at least 30 messages with unique names and Call-IDs', () => {
    expect(MALFORMED_MESSAGES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(MALFORMED_MESSAGES.map((m) => m.name)).size).toBe(MALFORMED_MESSAGES.length);
    const callIds = MALFORMED_MESSAGES.flatMap((m) =>
      [...m.data.toString('latin1').matchAll(/^Call-ID: (.*)$/gm)].map((x) => x[1]),
    );
    expect(new Set(callIds).size).toBe(callIds.length);
    for (const m of MALFORMED_MESSAGES) {
      for (const via of m.data.toString('latin1').matchAll(/^Via: (.*)$/gm)) {
        expect(via[1]).toContain(';rport');
      }
    }
  });

  it.each(MALFORMED_MESSAGES.map((m) => [m.name, m] as const))('%s', (_name, m) => {
    const f = failure(m.data);
    expect(f.reason.length).toBeGreaterThan(3);
    expect(f.reason.length).toBeLessThan(40);
    const canAnswer =
      f.isRequest &&
      f.method !== 'ACK' &&
      f.headers !== undefined &&
      REQUIRED.every((name) => f.headers!.getAll(name).length > 0);
    expect(canAnswer ? '400' : 'drop').toBe(m.expect);
  });
});

describe('parseMessage robustness', () => {
  it('throws only SipParseError on random bytes and random mutations', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const base = REAL_MESSAGES.map((m) => m.data);
    const alphabet = Buffer.from(' \r\n:;,<>"\\@=/0aZ\t\xff', 'latin1');
    for (let round = 0; round < 3000; round++) {
      let data: Buffer;
      if (round % 3 === 0) {
        data = Buffer.alloc(rand(400));
        for (let i = 0; i < data.length; i++) data[i] = rand(256);
      } else {
        data = Buffer.from(base[rand(base.length)]!);
        for (let k = 0; k < 1 + rand(8); k++)
          data[rand(data.length)] = alphabet[rand(alphabet.length)]!;
        if (round % 3 === 2) data = data.subarray(0, rand(data.length + 1));
      }
      try {
        parseMessage(data);
      } catch (err) {
        expect(err).toBeInstanceOf(SipParseError);
      }
    }
  });

  it('rejects a huge header section quickly', () => {
    const big = crlf('OPTIONS sip:a@b SIP/2.0\nX: ' + 'a'.repeat(2_000_000) + '\n\n');
    const t = performance.now();
    expect(failure(big).reason).toBe('Header Too Long');
    expect(performance.now() - t).toBeLessThan(500);
  });
});
