/**
 * Values a hostile or broken peer writes. Strings are byte strings (latin1 on the wire), so
 * `\xff` is the byte 0xff: invalid UTF-8 where it stands.
 */

/** Names that resolve to Object.prototype members in a plain-object lookup table. */
export const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
  'propertyIsEnumerable',
  'toLocaleString',
  'Constructor',
  '__PROTO__',
  'TOSTRING',
  'prototype',
];

/** Values for `received`, `maddr` and hosts: what a URI built from them cannot hold. */
export const BAD_HOSTS = [
  'a~b',
  '',
  '[::1',
  '::1]',
  '[zz::1]',
  '999.999.1.1',
  'a b',
  '-',
  '.',
  '%00',
  '127.0.0.1:99999',
  '\xe9\xe9',
  'x'.repeat(300),
  '__proto__',
  'constructor',
  '0',
  '[::ffff:127.0.0.1]',
  '300.1.1.1',
  'localhost',
  '@',
];

/** Never a usable port: the PBX must not relay to another program's socket. */
export const BAD_PORTS = ['0', '65536', '99999', '-1', 'abc', '', '1e3', '000000'];

/** URIs that do not parse, or parse into something odd. */
export const BAD_URIS = [
  'sip:',
  'sip:@',
  'sip:a@',
  'sip:a@b:99999',
  'sip:a@[::1',
  'sip:a@a~b',
  'sip:a@b;transport=',
  'sip:a@b;lr;lr;lr',
  'sips:a@b',
  'tel:+74952300000',
  'tel:',
  'http://example.com/',
  'urn:x',
  'sip:%zz@b',
  'sip:__proto__@pbx.test',
  'sip:constructor@pbx.test',
  'sip:a@b;__proto__=x',
  'sip:a@b;constructor;toString=1',
  'sip:a@b?__proto__=1&constructor=2',
  'sip:a@b?Replaces=',
  'sip:a@127.0.0.1:0',
  'sip:pbxf-999999@127.0.0.1;lr',
  'sip:pbxf-@127.0.0.1;lr',
  'sip:b2b-xxxxxxxxxxxx@127.0.0.1',
  'sip:b2b-@127.0.0.1',
  'sip:a@b;maddr=a~b',
  'sip:a@b;received=a~b',
  '*',
  '',
  'sip:\xff\xfe@pbx.test',
  'sip:a@' + 'x'.repeat(2000),
];

/** Name-addr values (Contact, From, To, Refer-To, Referred-By) that do not parse or mislead. */
export const BAD_NAME_ADDRS = [
  '<sip:>',
  '<garbage',
  '"unterminated <sip:a@b>',
  'sip:a@b>',
  '<>',
  '<sip:a@[::1>',
  '"x" <tel:1>',
  '<sip:a@b>;tag',
  '<sip:a@b>;tag=',
  '<sip:a@b>;tag=a;tag=b',
  '<sip:a@b>;=x',
  '<sip:a@b>;;',
  '<sip:a@b>;__proto__=1',
  '<sip:a@b>;constructor',
  '<sip:a@b>;expires=abc',
  '<sip:a@b>;q=abc',
  '*',
  '<*>',
  '"\xff\xfe" <sip:a@b>',
  'x'.repeat(400),
  ',',
  '<sip:a@b>, <garbage',
];

export const BAD_CSEQS = [
  '',
  '1',
  'INVITE',
  '-1 INVITE',
  '4294967296 INVITE',
  '99999999999999999999 INVITE',
  '1.5 INVITE',
  '1 invite',
  '1 FOO',
  '0 INVITE',
  '1  INVITE extra',
  '0x10 INVITE',
];

export const BAD_TAGS = ['', '__proto__', 'constructor', 'a;tag=b', '"q"', '\xff', 'x'.repeat(500)];

/** Replaces (RFC 3891) values: call-id;to-tag=x;from-tag=y, broken in every part. */
export const BAD_REPLACES = [
  '',
  'abc',
  'abc;to-tag',
  'abc;to-tag=;from-tag=',
  ';to-tag=a;from-tag=b',
  'abc;from-tag=b',
  'abc;to-tag=a;from-tag=b;early-only',
  '__proto__;to-tag=constructor;from-tag=toString',
  'x'.repeat(1000) + ';to-tag=a;from-tag=b',
  '%zz;to-tag=a;from-tag=b',
];

export const BAD_LENGTHS = ['-1', 'abc', '99999999', '1.5', '', '0x10', '4294967296', '10 10'];

export const BAD_SESSION_EXPIRES = [
  '0',
  '-5',
  'abc',
  '1e9',
  '99999999999999',
  '90;refresher=bogus',
  '90;refresher',
  ';refresher=uac',
  '90;__proto__=1',
];

/** Invalid UTF-8 sequences: stray continuation, overlong NUL, surrogate, truncated. */
export const BAD_UTF8 = [
  '\xff\xfe',
  '\xc0\x80',
  '\xed\xa0\x80',
  '\xe2\x82',
  '\x80',
  '\xf8\x88\x80\x80\x80',
];
