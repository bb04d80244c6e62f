import { describe, expect, it } from 'vitest';
import { isSipDomain, isSipUser, parseSipTarget } from './sip-address';

describe('isSipUser', () => {
  it.each(['0462626', '1003', 'alice', 'alice.smith', 'a_b-c', 'bob%40home', '+74951234567'])(
    'takes %j',
    (text) => expect(isSipUser(text)).toBe(true),
  );
  it.each(['', 'alice smith', 'alice@example.org', 'sip:alice', '<alice>', '"x"', 'a'.repeat(65)])(
    'refuses %j',
    (text) => expect(isSipUser(text)).toBe(false),
  );
});

describe('isSipDomain', () => {
  it.each(['example.org', 'pbx.e2e', 'localhost', '10.0.0.5', '[::1]', 'Example.ORG'])(
    'takes %j',
    (text) => expect(isSipDomain(text)).toBe(true),
  );
  it.each(['', 'exa mple.org', '-bad.org', 'bad-.org', 'a..b', 'alice@example.org', 'ws://x'])(
    'refuses %j',
    (text) => expect(isSipDomain(text)).toBe(false),
  );
});

describe('parseSipTarget', () => {
  it.each([
    ['1003', '1003'],
    [' alice ', 'alice'],
    ['0462626', '0462626'],
    ['sip:alice@example.org', 'sip:alice@example.org'],
    ['SIP:alice@example.org:5060;transport=tcp', 'sip:alice@example.org:5060;transport=tcp'],
    ['sips:bob@10.0.0.5', 'sips:bob@10.0.0.5'],
    ['alice@example.org', 'sip:alice@example.org'],
    ['+7 (812) 123-45-67', '+78121234567'],
    ['8 812 123 45 67', '88121234567'],
  ])('%j → %j', (input, expected) => expect(parseSipTarget(input)).toBe(expected));

  it.each([
    '',
    '   ',
    'alice smith',
    'sip:alice',
    'sip:@example.org',
    'sip:alice@',
    'alice@',
    '@example.org',
    'alice@exa mple.org',
    'sip:alice@example.org:99999',
    'tel:+78121234567',
    '<sip:alice@example.org>',
    'alice@example.org@evil',
  ])('refuses %j', (input) => expect(parseSipTarget(input)).toBeUndefined());
});
