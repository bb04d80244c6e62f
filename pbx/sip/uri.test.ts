import { describe, it, expect } from 'vitest';
import { SipParseError } from './parser';
import { formatUri, parseUri } from './uri';

describe('parseUri', () => {
  it('reads user, password, host, port, params and headers', () => {
    expect(
      parseUri('sips:alice:secret@Example.COM:5061;transport=TLS;Lr;maddr=10.0.0.1?subject=hi&x='),
    ).toEqual({
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'Example.COM',
      port: 5061,
      params: { transport: 'TLS', lr: null, maddr: '10.0.0.1' },
      headers: { subject: 'hi', x: '' },
    });
  });

  it('keeps IPv6 brackets and an escaped user as written', () => {
    expect(parseUri('sip:%61lice@[2001:db8::1]:5070')).toMatchObject({
      user: '%61lice',
      host: '[2001:db8::1]',
      port: 5070,
    });
    expect(parseUri('sip:[::1]').host).toBe('[::1]');
  });

  it('reads a host-only URI and an upper-case scheme', () => {
    expect(parseUri('SIP:pbx.example.com')).toEqual({
      scheme: 'sip',
      host: 'pbx.example.com',
      params: {},
      headers: {},
    });
  });

  it('reads tel: numbers with params', () => {
    expect(parseUri('tel:+78121234567;ext=12')).toEqual({
      scheme: 'tel',
      user: '+78121234567',
      host: '',
      params: { ext: '12' },
      headers: {},
    });
    expect(parseUri('tel:1234;phone-context=+7812').user).toBe('1234');
  });

  it.each([
    '',
    'sip:',
    'sip:@host',
    'http://example.com',
    'sip:alice@',
    'sip:alice@exa mple.com',
    'sip:alice@host:',
    'sip:alice@host:70000',
    'sip:alice@host:12a',
    'sip:alice@[::1',
    'sip:alice@host;',
    'sip:alice@host?',
    'sip:alice@host?novalue',
    'sip:al"ice@host',
    'tel:',
    'tel:+7 812',
    'sip:alice@host>',
  ])('rejects %j', (text) => {
    expect(() => parseUri(text)).toThrow(SipParseError);
  });
});

describe('formatUri', () => {
  it.each([
    'sip:alice@example.com',
    'sips:alice:pw@[2001:db8::1]:5061;transport=tls;lr',
    'sip:a8p0h2ls@3v8kp5r1m2qd.invalid;transport=ws;ob',
    'sip:pbx.example.com:5060;lr;x=?Subject=hi&Priority=urgent',
    'tel:+78121234567;phone-context=example.com',
  ])('round-trips %s', (text) => {
    expect(formatUri(parseUri(text))).toBe(text);
    expect(parseUri(formatUri(parseUri(text)))).toEqual(parseUri(text));
  });
});
