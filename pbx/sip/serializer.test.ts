import { describe, it, expect } from 'vitest';
import { REAL_MESSAGES } from '../../test/fixtures/sip/real-messages';
import { SipHeaders, SipRequest, SipResponse, type SipMessage } from './message';
import { parseMessage } from './parser';
import { formatStartLine, serializeMessage } from './serializer';
import { parseUri } from './uri';

function snapshot(msg: SipMessage): unknown {
  const { headers, ...rest } = msg;
  const fields = [...headers.entries()].filter(([name]) => name !== 'content-length');
  return { ...rest, fields };
}

describe('serializeMessage', () => {
  it.each(REAL_MESSAGES.map((m) => [m.name, m.data] as const))('round-trips %s', (_name, data) => {
    const msg = parseMessage(data);
    const wire = serializeMessage(msg);
    expect(snapshot(parseMessage(wire, { stream: true }))).toEqual(snapshot(msg));
    expect(serializeMessage(parseMessage(wire))).toEqual(wire);
  });

  it('writes canonical names, one line per value, CRLF and Content-Length last', () => {
    const headers = new SipHeaders()
      .append('v', 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1;rport')
      .append('via', 'SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK0')
      .append('content-length', '999')
      .append('f', '<sip:a@b>;tag=1')
      .append('t', '<sip:c@d>')
      .append('call-id', 'x@y')
      .append('cseq', '1 MESSAGE')
      .append('www-authenticate', 'Digest realm="r"')
      .append('x-caller-id', '+78121234567');
    const msg: SipMessage = new SipRequest(
      'MESSAGE',
      parseUri('sip:0462626@pbx.example.com'),
      headers,
      Buffer.from('привет'),
    );
    expect(formatStartLine(msg)).toBe('MESSAGE sip:0462626@pbx.example.com SIP/2.0');
    expect(serializeMessage(msg).toString()).toBe(
      [
        'MESSAGE sip:0462626@pbx.example.com SIP/2.0',
        'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1;rport',
        'Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK0',
        'From: <sip:a@b>;tag=1',
        'To: <sip:c@d>',
        'Call-ID: x@y',
        'CSeq: 1 MESSAGE',
        'WWW-Authenticate: Digest realm="r"',
        'X-Caller-ID: +78121234567',
        'Content-Length: 12',
        '',
        'привет',
      ].join('\r\n'),
    );
  });

  it('writes a response start line', () => {
    const msg: SipMessage = new SipResponse(486, 'Busy Here');
    expect(serializeMessage(msg).toString()).toBe(
      'SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n',
    );
  });
});
