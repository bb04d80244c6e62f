import { describe, expect, it } from 'vitest';
import { parseDialTarget } from './dial-target';

describe('parseDialTarget', () => {
  it.each([
    ['0462626', { kind: 'sip', target: '0462626' }],
    [' 0462626 ', { kind: 'sip', target: '0462626' }],
    ['8 812 123-45-67', { kind: 'phone', target: '+78121234567' }],
    ['+7 (812) 1234567', { kind: 'phone', target: '+78121234567' }],
    ['812 123 4567', { kind: 'phone', target: '+78121234567' }],
    ['+44 20 7946 0958', { kind: 'phone', target: '+442079460958' }],
    ['112', { kind: 'phone', target: '112' }],
    ['', { kind: 'empty' }],
    ['abc', { kind: 'invalid' }],
    ['12', { kind: 'invalid' }],
    ['12+3', { kind: 'invalid' }],
    ['0462626@evil', { kind: 'invalid' }],
    ['88121234567', { kind: 'phone', target: '+78121234567' }],
    ['8 10 44 20 7946 0958', { kind: 'phone', target: '+442079460958' }],
    ['00 44 20 7946 0958', { kind: 'phone', target: '+442079460958' }],
    ['101', { kind: 'phone', target: '101' }],
    ['   ', { kind: 'empty' }],
    ['12345', { kind: 'invalid' }],
    ['+7 600 123 4567', { kind: 'invalid' }],
    ['8 916 123 45 67 0', { kind: 'invalid' }],
  ])('%j', (input, expected) => expect(parseDialTarget(input)).toEqual(expected));

  it.each([
    ['1003', { kind: 'sip', target: '1003' }],
    ['alice', { kind: 'sip', target: 'alice' }],
    ['sip:alice@example.org', { kind: 'sip', target: 'sip:alice@example.org' }],
    ['bob@example.org', { kind: 'sip', target: 'sip:bob@example.org' }],
    ['+7 812 123-45-67', { kind: 'sip', target: '+78121234567' }],
    ['', { kind: 'empty' }],
    ['alice smith', { kind: 'invalid' }],
  ])('another SIP server: %j', (input, expected) =>
    expect(parseDialTarget(input, 'any-sip')).toEqual(expected),
  );

  it('this PBX refuses a user name that another server takes', () => {
    expect(parseDialTarget('alice', 'pbx')).toEqual({ kind: 'invalid' });
  });
});
