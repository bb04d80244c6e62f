import { describe, expect, it, vi } from 'vitest';
import { findDialLinkInArgv, MAX_LINK_LENGTH, parseDialLink, readDialLink } from './links';

describe('readDialLink', () => {
  it.each([
    ['tel:+7 (812) 123-45-67', '+78121234567'],
    ['tel:0123456', '0123456'],
    ['TEL:0123456', '0123456'],
    ['sip:0123456@pbx.example', '0123456'],
    ['sip:+78121234567@pbx.example.com:5061;user=phone;transport=tls', '+78121234567'],
    ['sip:0123456@[2001:db8::1]', '0123456'],
    ['sip:0123456', '0123456'],
    ['callto:+78121234567', '+78121234567'],
    ['callto://+78121234567', '+78121234567'],
    ['tel:%2B7%20812%20123-45-67', '+78121234567'],
    ['tel:+7.812.123.45.67', '+78121234567'],
    ['tel:1234;phone-context=+7812', '1234'],
    ['tel:1234;phone-context=example.com;ext=55', '1234'],
    ['tel:+7 812 123\u201345\u201367', '+78121234567'],
  ])('reads %s as %s', (link, number) => {
    expect(readDialLink(link)).toEqual({ number });
  });

  it.each([
    ['javascript:alert(1)', 'scheme'],
    ['JavaScript:alert(document.cookie)//tel:123', 'scheme'],
    ['data:text/html,<script>alert(1)</script>', 'scheme'],
    ['https://evil.example/?tel=123', 'scheme'],
    ['sips:0123456@pbx.example', 'scheme'],
    ['0123456', 'scheme'],
    ['tel:<script>alert(1)</script>', 'not-a-number'],
    ['tel:%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'not-a-number'],
    ['tel:javascript:alert(1)', 'not-a-number'],
    ['tel:<img src=x onerror=alert(1)>', 'not-a-number'],
    ['tel:call-me-maybe', 'not-a-number'],
    ['tel:*100', 'not-a-number'],
    ['tel:+', 'not-a-number'],
    ['tel:', 'not-a-number'],
    ['tel:\uff10\uff11\uff12', 'not-a-number'],
    ['tel:123456789012345678901', 'not-a-number'],
    ['sip:alice@pbx.example', 'not-a-number'],
    ['sip:0123456:secret@pbx.example', 'not-a-number'],
    ['sip:pbx.example.com', 'not-a-number'],
    ['sip:0123456@pbx@evil.example', 'host'],
    ['sip:0123456@<b>pbx</b>', 'host'],
    ['sip:0123456@pbx.example;x=<svg/onload=alert(1)>', 'parameters'],
    ['tel:0123456;;', 'parameters'],
    ['tel:0123456?body=hello', 'query-or-fragment'],
    ['tel:0123456#fragment', 'query-or-fragment'],
    ['tel:0123456%3Fsubject=x', 'query-or-fragment'],
    ['tel:0123456%23', 'query-or-fragment'],
    ['sip:0123456@pbx.example?Subject=hi&Call-Info=evil', 'query-or-fragment'],
    ['tel:0123456\n--inspect', 'control-characters'],
    ['tel:0123456%0A%0DX-Header: x', 'control-characters'],
    ['tel:01234%0056', 'control-characters'],
    ['tel:\u202e7654321', 'control-characters'],
    ['tel:0123%E0%A4%A', 'encoding'],
    ['tel:%', 'encoding'],
  ])('refuses %s (%s)', (link, refused) => {
    expect(readDialLink(link)).toMatchObject({ refused });
  });

  it('refuses links longer than 256 characters before reading them', () => {
    expect(readDialLink(`tel:${'1'.repeat(MAX_LINK_LENGTH)}`)).toEqual({
      refused: 'too-long',
      scheme: 'tel',
    });
    expect(readDialLink(`tel:+7${' '.repeat(240)}8121234567`)).toEqual({ number: '+78121234567' });
  });

  it('refuses what is not a string', () => {
    expect(readDialLink(undefined)).toEqual({ refused: 'not-text' });
    expect(readDialLink({ toString: () => 'tel:123' })).toEqual({ refused: 'not-text' });
  });
});

describe('parseDialLink', () => {
  it('answers the number of a good link and logs nothing', () => {
    const log = { warn: vi.fn() };
    expect(parseDialLink('tel:0123456', log)).toBe('0123456');
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('answers nothing for a bad link and logs why, without the link', () => {
    const log = { warn: vi.fn() };
    const link = 'tel:<script>steal("0123456")</script>';
    expect(parseDialLink(link, log)).toBeUndefined();
    expect(log.warn).toHaveBeenCalledOnce();
    const message = String(log.warn.mock.calls[0]?.[0]);
    expect(message).toContain('tel');
    expect(message).toContain('not-a-number');
    expect(message).not.toContain('script');
    expect(message).not.toContain('0123456');
  });

  it('does not log an over-long scheme either', () => {
    const log = { warn: vi.fn() };
    parseDialLink(`${'x'.repeat(100)}:0123456`, log);
    expect(String(log.warn.mock.calls[0]?.[0])).not.toContain('xxx');
  });
});

describe('findDialLinkInArgv', () => {
  it('finds the link Windows and Linux pass on the command line', () => {
    expect(
      findDialLinkInArgv(['/opt/Softphone/softphone', '--no-sandbox', 'tel:+78121234567']),
    ).toBe('tel:+78121234567');
    expect(findDialLinkInArgv(['C:\\Softphone.exe', 'CALLTO:0123456'])).toBe('CALLTO:0123456');
  });

  it('ignores flags, paths and other schemes', () => {
    expect(
      findDialLinkInArgv(['softphone', '--url=tel:123', 'https://evil.example', 'C:\\tel:x']),
    ).toBeUndefined();
  });
});
