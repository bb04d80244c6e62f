import { describe, expect, it } from 'vitest';
import { incomingCallFields, parseNameAddr, targetUri, type InviteHeaders } from './call-mapping';

function invite(headers: Record<string, string>, from = { name: 'Anna', user: '0462626' }) {
  const request: InviteHeaders = {
    getHeader: (name) => headers[name.toLowerCase()],
    from: { display_name: from.name, uri: { user: from.user } },
  };
  return request;
}

describe('parseNameAddr', () => {
  it('reads quoted, bare and absent display names', () => {
    expect(parseNameAddr('"Anna Ivanova" <sip:0462626@pbx.test>')).toEqual({
      name: 'Anna Ivanova',
      user: '0462626',
    });
    expect(parseNameAddr('Boris <sip:0100002@pbx.test;transport=ws>')).toEqual({
      name: 'Boris',
      user: '0100002',
    });
    expect(parseNameAddr('<sip:+78121234567@pbx.test>')).toEqual({ user: '+78121234567' });
    expect(parseNameAddr('tel:+78121234567')).toEqual({ user: '+78121234567' });
    expect(parseNameAddr('"Say \\"hi\\"" <sip:0100003@pbx.test>').name).toBe('Say "hi"');
  });
});

describe('incomingCallFields', () => {
  it('takes the caller from From when there is no P-Asserted-Identity', () => {
    expect(incomingCallFields(invite({}))).toEqual({
      remoteNumber: '0462626',
      remoteName: 'Anna',
      waiting: false,
    });
  });

  it('prefers P-Asserted-Identity', () => {
    const request = invite({ 'p-asserted-identity': '"Anna Ivanova" <sip:0462627@pbx.test>' });
    expect(incomingCallFields(request)).toMatchObject({
      remoteNumber: '0462627',
      remoteName: 'Anna Ivanova',
    });
  });

  it('marks a waiting call and reads its line', () => {
    const request = invite({
      'alert-info': '<urn:alert:service:call-waiting>',
      'x-line': '2',
    });
    expect(incomingCallFields(request)).toMatchObject({ waiting: true, line: 2 });
  });

  it('reads every Alert-Info header when JsSIP offers them', () => {
    const request: InviteHeaders = {
      ...invite({}),
      getHeaders: () => ['<http://example.com/ring.wav>', '<urn:alert:service:call-waiting>'],
    };
    expect(incomingCallFields(request).waiting).toBe(true);
  });
});

describe('targetUri', () => {
  it('puts the dialled number in the PBX domain', () => {
    expect(targetUri('0462626', 'pbx.test')).toBe('sip:0462626@pbx.test');
    expect(targetUri(' +78121234567 ', 'pbx.test')).toBe('sip:+78121234567@pbx.test');
  });

  it('puts a user name in the account domain and keeps a whole SIP URI as it is', () => {
    expect(targetUri('alice', 'example.org')).toBe('sip:alice@example.org');
    expect(targetUri('sip:bob@other.example', 'example.org')).toBe('sip:bob@other.example');
    expect(targetUri('sips:bob@10.0.0.5:5061', 'example.org')).toBe('sips:bob@10.0.0.5:5061');
  });
});
