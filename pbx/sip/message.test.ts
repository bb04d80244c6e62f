import { describe, expect, it } from 'vitest';
import { parseMessage } from './parser';
import { serializeMessage } from './serializer';
import { createResponse, localTag } from './transaction/response';
import type { SipRequest } from './message';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

function request(extra: string[] = [], start = 'INVITE sip:0100002@pbx.test SIP/2.0'): SipRequest {
  const method = start.split(' ')[0];
  const message = parseMessage(
    Buffer.from(
      [
        start,
        'Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKm1;rport',
        'Via: SIP/2.0/TCP 192.0.2.9;branch=z9hG4bKm0;received=198.51.100.7;rport=40000',
        'From: "Anna" <sip:0100001@pbx.test>;tag=from1',
        'To: <sip:0100002@pbx.test>',
        'Call-ID: accessors@test',
        `CSeq: 12 ${method}`,
        'Max-Forwards: 69',
        ...extra,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    ),
  );
  if (message.type !== 'request') throw new Error('not a request');
  return message;
}

describe('message accessors', () => {
  it('read what the parser validated, once: the same object every time', () => {
    const invite = request();
    expect(invite.callId).toBe('accessors@test');
    expect(invite.from).toMatchObject({ displayName: 'Anna', uri: { user: '0100001' } });
    expect(invite.fromTag).toBe('from1');
    expect(invite.toTag).toBeUndefined();
    expect(invite.cseq).toEqual({ seq: 12, method: 'INVITE' });
    expect(invite.maxForwards).toBe(69);
    expect(invite.user).toBe('0100002');
    expect(invite.vias?.map((via) => via.branch)).toEqual(['z9hG4bKm1', 'z9hG4bKm0']);
    const second = invite.vias?.[1];
    expect([second?.received, second?.rport, second?.sentBy]).toEqual([
      '198.51.100.7',
      40000,
      '192.0.2.9',
    ]);
    expect(invite.from).toBe(invite.from);
    expect(invite.topVia).toBe(invite.vias?.[0]);
  });

  it('read the optional headers the PBX routes by', () => {
    const refer = request(
      [
        'Contact: <sip:0100001@192.0.2.1:5062>;expires=60',
        'Route: <sip:pbxf-1@pbx.test;lr>, <sip:edge.example.net;lr>',
        'Record-Route: <sip:pbx.test;lr>',
        'Refer-To: <sip:0100003@pbx.test?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>',
        'Referred-By: <sip:0100001@pbx.test>',
        'Replaces: abc@h;to-tag=1;from-tag=2;early-only',
        'Session-Expires: 90;refresher=uac',
        'Expires: 600',
        'Supported: Timer, replaces',
      ],
      'REFER sip:0100002@pbx.test SIP/2.0',
    );
    expect(refer.contact()?.uri.host).toBe('192.0.2.1');
    expect(refer.routeSet?.map((route) => route.uri.user)).toEqual(['pbxf-1', undefined]);
    expect(refer.recordRoute).toHaveLength(1);
    expect(refer.referTo?.uri.headers.Replaces).toBe('abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2');
    expect(refer.referredBy?.uri.user).toBe('0100001');
    expect(refer.replaces).toEqual({ callId: 'abc@h', toTag: '1', fromTag: '2', earlyOnly: true });
    expect(refer.sessionExpires).toEqual({ seconds: 90, refresher: 'uac' });
    expect(refer.expires).toBe(600);
    expect(refer.supported).toEqual(['timer', 'replaces']);
  });

  it('never throw: a malformed optional header reads as undefined, and is named', () => {
    const broken = request([
      'Contact: <sip:0100001@192.0.2.1:5062',
      'Route: <sip:pbx.test;lr>, garbage <<',
      'Refer-To: not a uri',
      'Replaces: ;to-tag=1',
      'Session-Expires: soon',
      'Expires: -1',
    ]);
    expect(broken.contact()).toBeUndefined();
    expect(broken.contacts).toBeUndefined();
    expect(broken.routeSet).toBeUndefined();
    expect(broken.referTo).toBeUndefined();
    expect(broken.replaces).toBeUndefined();
    expect(broken.sessionExpires).toBeUndefined();
    expect(broken.expires).toBeUndefined();
    expect(broken.malformed(['record-route', 'route', 'contact'])).toBe('Route');
    expect(broken.malformed(['record-route'])).toBeUndefined();
    expect(request().malformed(['route', 'contact'])).toBeUndefined();
  });

  it('follow changes to a header: what was read is read again', () => {
    const invite = request(['Route: <sip:a.example;lr>']);
    expect(invite.routeSet?.[0]?.uri.host).toBe('a.example');
    invite.headers.set('route', '<sip:b.example;lr>');
    expect(invite.routeSet?.[0]?.uri.host).toBe('b.example');
    invite.headers.prepend('route', '<sip:c.example;lr>');
    expect(invite.routeSet?.map((r) => r.uri.host)).toEqual(['c.example', 'b.example']);
    invite.headers.delete('route');
    expect(invite.routeSet).toEqual([]);
  });

  it('createResponse chooses one To tag per request: the responses’ toTag', () => {
    const invite = request();
    const ringing = createResponse(invite, 180, 'Ringing');
    const ok = createResponse(invite, 200, 'OK');
    expect(ringing.toTag).toBe(localTag(invite));
    expect(ok.toTag).toBe(ringing.toTag);
    expect(createResponse(invite, 100, 'Trying').toTag).toBeUndefined();
  });
});

describe.each(PROTOTYPE_NAMES)('the name %s, from the wire', (name) => {
  const lower = name.toLowerCase();

  it('is an ordinary header name, header parameter and URI parameter', () => {
    const message = request(
      [`${name}: value`, `Contact: <sip:x@192.0.2.1;${name}=u>;${name}=h`],
      `OPTIONS sip:0100002@pbx.test;${name}=r SIP/2.0`,
    );
    expect(message.headers.get(name)).toBe('value');
    expect(message.headers.has(name)).toBe(true);
    expect(message.uri.params[lower]).toBe('r');
    const contact = message.contact();
    expect(contact?.params[lower]).toBe('h');
    expect(contact?.uri.params[lower]).toBe('u');
    const text = serializeMessage(message).toString();
    expect(text).toContain(`: value\r\n`);
    expect(text).toContain(`;${lower}=r SIP/2.0`);
  });

  it('is not a header that was never sent', () => {
    const message = request();
    expect(message.headers.get(name)).toBeUndefined();
    expect(message.headers.has(name)).toBe(false);
    expect(message.uri.params[lower]).toBeUndefined();
    expect(message.from?.params[lower]).toBeUndefined();
  });
});
