import { describe, it, expect } from 'vitest';
import {
  formatAuthParams,
  formatNameAddr,
  formatVia,
  parseAuthParams,
  parseContact,
  parseCSeq,
  parseNameAddr,
  parseVia,
  splitTopLevelCommas,
} from './headers';
import { SipParseError } from './parser';

describe('splitTopLevelCommas', () => {
  it('respects quotes, escaped quotes and angle brackets', () => {
    expect(
      splitTopLevelCommas('"Doe, \\"J\\", Jane" <sip:a@b;x=1,2>;tag=1 , <sip:c@d>,, sip:e@f'),
    ).toEqual(['"Doe, \\"J\\", Jane" <sip:a@b;x=1,2>;tag=1', '<sip:c@d>', 'sip:e@f']);
  });
});

describe('Via', () => {
  it('reads branch, received and a valueless rport', () => {
    expect(
      parseVia('SIP/2.0/udp 192.0.2.1:5062;branch=z9hG4bKabc;rport;received=198.51.100.7'),
    ).toEqual({
      protocol: 'SIP/2.0',
      transport: 'UDP',
      host: '192.0.2.1',
      port: 5062,
      params: { branch: 'z9hG4bKabc', rport: null, received: '198.51.100.7' },
    });
  });

  it('reads rport with a value, IPv6 and LWS around the slashes', () => {
    const via = parseVia('SIP / 2.0 / TLS  [2001:db8::1] : 5061 ; rport=40000 ;branch=z9hG4bK1');
    expect(via).toEqual({
      protocol: 'SIP/2.0',
      transport: 'TLS',
      host: '[2001:db8::1]',
      port: 5061,
      params: { rport: '40000', branch: 'z9hG4bK1' },
    });
    expect(formatVia(via)).toBe('SIP/2.0/TLS [2001:db8::1]:5061;rport=40000;branch=z9hG4bK1');
  });

  it('formats received IPv6 without quotes and round-trips', () => {
    const text = 'SIP/2.0/WSS abc.invalid;branch=z9hG4bK7;received=2001:db8::9;rport=5060';
    expect(formatVia(parseVia(text))).toBe(text);
  });

  it.each([
    '',
    'SIP/2.0 host',
    'SIP/2.0/UDP',
    'SIP/2.0/UDP ;branch=x',
    'SIP/3.0/UDP host',
    'SIP/2.0/UDP host:99999',
    'SIP/2.0/UDP host;rport=abc',
    'SIP/2.0/UDP host;branch=',
    'SIP/2.0/UDP host extra',
  ])('rejects %j', (text) => {
    expect(() => parseVia(text)).toThrow(SipParseError);
  });
});

describe('name-addr', () => {
  it('reads a quoted display name with commas and escaped quotes', () => {
    expect(parseNameAddr('"Doe, Jane \\"JD\\"" <sip:jane@example.org>;tag=881')).toEqual({
      displayName: 'Doe, Jane "JD"',
      uri: { scheme: 'sip', user: 'jane', host: 'example.org', params: {}, headers: {} },
      params: { tag: '881' },
    });
  });

  it('reads a token display name and keeps URI params inside <>', () => {
    const na = parseNameAddr('sipp <sip:sipp@127.0.0.1:5061;transport=udp>;tag=24117SIPpTag001');
    expect(na.displayName).toBe('sipp');
    expect(na.uri.params).toEqual({ transport: 'udp' });
    expect(na.params).toEqual({ tag: '24117SIPpTag001' });
  });

  it('treats params after an addr-spec as header params (RFC 3261 §20.10)', () => {
    const na = parseNameAddr('sip:0462626@pbx.example.com;tag=abc;Expires=60');
    expect(na.uri.params).toEqual({});
    expect(na.params).toEqual({ tag: 'abc', expires: '60' });
    expect(na.displayName).toBeUndefined();
  });

  it('reads Contact *, quoted instance ids and q-values', () => {
    expect(parseContact(' * ')).toBe('*');
    const c = parseContact('<sip:a@b;transport=ws>;q=0.7;+sip.instance="<urn:uuid:1-2>";reg-id=1');
    expect(c).toMatchObject({
      params: { q: '0.7', '+sip.instance': '<urn:uuid:1-2>', 'reg-id': '1' },
    });
  });

  it('formats with <> and quotes, and round-trips', () => {
    const na = parseNameAddr('Bob <sip:bob@example.org>;tag=9');
    expect(formatNameAddr(na)).toBe('"Bob" <sip:bob@example.org>;tag=9');
    const text = '"A \\"B\\", C" <sip:a@b;lr>;+sip.ice;+sip.instance="<urn:uuid:x>";expires=600';
    expect(formatNameAddr(parseNameAddr(text))).toBe(text);
    expect(parseNameAddr(formatNameAddr(parseNameAddr(text)))).toEqual(parseNameAddr(text));
  });

  it.each([
    '',
    '<sip:a@b',
    '"unterminated <sip:a@b>',
    'Alice sip:a@b',
    '<sip:a@b> junk',
    '<sip:a@b>;=1',
    '<http://a>',
    'Al"ice <sip:a@b>',
  ])('rejects %j', (text) => {
    expect(() => parseNameAddr(text)).toThrow(SipParseError);
  });
});

describe('CSeq', () => {
  it('reads the number and method', () => {
    expect(parseCSeq('4711 INVITE')).toEqual({ seq: 4711, method: 'INVITE' });
    expect(parseCSeq(' 2147483647\tREGISTER ')).toEqual({ seq: 2147483647, method: 'REGISTER' });
    expect(parseCSeq('0 ACK').seq).toBe(0);
  });

  it.each(['', 'INVITE', '1', '-1 INVITE', '2147483648 INVITE', '1INVITE', '1 INVITE x', 'x1 BYE'])(
    'rejects %j',
    (text) => {
      expect(() => parseCSeq(text)).toThrow('Bad CSeq');
    },
  );
});

describe('auth params', () => {
  const credentials =
    'Digest username="0462626", realm="pbx.example.com", nonce="n1", uri="sip:pbx.example.com", response="abc", qop=auth, nc=00000001, cnonce="c\\"1", algorithm=MD5, opaque="o1"';

  it('reads Digest credentials, unquoting values and lower-casing names', () => {
    const c = parseAuthParams(credentials.replace('username=', 'UserName='));
    expect(c.scheme).toBe('Digest');
    expect(c.params).toEqual({
      username: '0462626',
      realm: 'pbx.example.com',
      nonce: 'n1',
      uri: 'sip:pbx.example.com',
      response: 'abc',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'c"1',
      algorithm: 'MD5',
      opaque: 'o1',
    });
  });

  it('formats credentials and challenges with the right quoting', () => {
    expect(formatAuthParams(parseAuthParams(credentials))).toBe(credentials);
    const challenge = {
      scheme: 'Digest',
      params: { realm: 'r', nonce: 'n', qop: 'auth', algorithm: 'MD5', stale: 'TRUE' },
    };
    expect(formatAuthParams(challenge)).toBe(
      'Digest realm="r", nonce="n", qop="auth", algorithm=MD5, stale=TRUE',
    );
    expect(formatAuthParams(challenge, 'credentials')).toContain('qop=auth,');
  });

  it.each([
    '',
    'Digest realm',
    'Digest realm="x',
    'Digest realm="x" nonce="y"',
    'Digest =x',
    'Digest, realm=x',
  ])('rejects %j', (text) => {
    expect(() => parseAuthParams(text)).toThrow(SipParseError);
  });
});
