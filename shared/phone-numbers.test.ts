import { describe, expect, it } from 'vitest';
import {
  EMERGENCY_NUMBERS,
  isInternational,
  isPremiumRate,
  parseDialled,
  type DialTarget,
} from './phone-numbers';

const phone = (e164: string): DialTarget => ({ kind: 'phone', e164 });
const invalid = (reason: string): DialTarget => ({ kind: 'invalid', reason }) as DialTarget;

describe('parseDialled: SIP numbers come first', () => {
  it.each([
    ['0462626', '0462626'],
    [' 0462626 ', '0462626'],
    ['046-26-26', '0462626'],
    ['046 26 26', '0462626'],
    ['0000000', '0000000'],
    ['0046262', '0046262'],
  ])('%j is SIP number %s', (text, number) =>
    expect(parseDialled(text)).toEqual({ kind: 'sip', number }),
  );

  it.each(['046262', '04626260', '1462626', '+0462626', '0462626@evil', 'sip:0462626'])(
    '%j is not a SIP number',
    (text) => expect(parseDialled(text).kind).not.toBe('sip'),
  );
});

describe('parseDialled: emergency numbers', () => {
  it.each(['112', '101', '102', '103', '104', ' 112 ', '1-1-2'])('%j', (text) =>
    expect(parseDialled(text)).toEqual({ kind: 'emergency', number: text.replace(/\D/g, '') }),
  );

  it('only the numbers of SPEC §3', () => {
    expect(EMERGENCY_NUMBERS).toEqual(['112', '101', '102', '103', '104']);
    for (const text of ['01', '02', '03', '04', '100', '105', '911', '+112', '8112', '0112']) {
      expect(parseDialled(text).kind, text).not.toBe('emergency');
    }
  });
});

describe('parseDialled: phone numbers, Russia as the default country', () => {
  it.each([
    // Every way of writing a Saint Petersburg number
    ['8 812 123-45-67', '+78121234567'],
    ['+7 (812) 1234567', '+78121234567'],
    ['812 123 4567', '+78121234567'],
    ['88121234567', '+78121234567'],
    ['+78121234567', '+78121234567'],
    ['78121234567', '+78121234567'],
    ['7 812 123 45 67', '+78121234567'],
    ['8121234567', '+78121234567'],
    ['8 (812) 123-45-67', '+78121234567'],
    ['(812) 123.45.67', '+78121234567'],
    ['8–812–123–45–67', '+78121234567'],
    ['+7\u00a0812\u00a0123\u00a045\u00a067', '+78121234567'],
    ['\t+7 812 1234567\n', '+78121234567'],
    // Mobile, Moscow, other codes
    ['8 916 123 45 67', '+79161234567'],
    ['9161234567', '+79161234567'],
    ['+7 495 123-45-67', '+74951234567'],
    ['8 (4232) 12-34-56', '+74232123456'],
    ['8 3952 12-34-56', '+73952123456'],
    // Nationwide and premium rate parse; policy decides about them
    ['8 800 555 35 35', '+78005553535'],
    ['8-800-100-00-00', '+78001000000'],
    ['8 809 123 45 67', '+78091234567'],
    // International: +, Russia's 8 10, and 00
    ['+44 20 7946 0958', '+442079460958'],
    ['8 10 44 20 7946 0958', '+442079460958'],
    ['810 44 20 7946 0958', '+442079460958'],
    ['00 44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+1 202 555 0100', '+12025550100'],
    ['+380 44 123 4567', '+380441234567'],
    ['+7 727 123 4567', '+77271234567'],
    ['+7 701 234 5678', '+77012345678'],
  ])('%j → %s', (text, e164) => expect(parseDialled(text)).toEqual(phone(e164)));
});

describe('parseDialled: what cannot be dialled, and why', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['-()', 'empty'],
    ['abc', 'not-a-number'],
    ['8 812 CALL-NOW', 'not-a-number'],
    ['12+3', 'not-a-number'],
    ['+', 'not-a-number'],
    ['++78121234567', 'not-a-number'],
    ['+7 812 123 45 67 ext. 12', 'not-a-number'],
    ['8 812 123 45 67#', 'not-a-number'],
    ['*100#', 'not-a-number'],
    ['tel:+78121234567', 'not-a-number'],
    ['12', 'too-short'],
    ['123', 'too-short'],
    ['105', 'too-short'],
    ['00', 'too-short'],
    ['8 812 123', 'too-short'],
    ['00462626', 'too-short'],
    ['+12345678901234567', 'too-long'],
    ['8 916 123 45 67 0', 'too-long'],
    ['89161234567890', 'too-long'],
    ['+999 123 456', 'unknown-country-code'],
    ['+0 123 456 789', 'unknown-country-code'],
    ['+7 600 123 4567', 'no-such-number'],
    ['+7 812 123 45 678', 'no-such-number'],
    ['8 100 123 45 67', 'no-such-number'],
  ])('%j: %s', (text, reason) => expect(parseDialled(text)).toEqual(invalid(reason)));
});

describe('isPremiumRate', () => {
  it.each([
    ['+78091234567', true],
    ['+78090000000', true],
    ['+78001234567', false],
    ['+78121234567', false],
    ['+7809123456', false],
    ['+380809123456', false],
    ['88091234567', false],
  ])('%s: %s', (e164, expected) => expect(isPremiumRate(e164)).toBe(expected));

  it('recognises what parseDialled makes of a typed 809 number', () => {
    const target = parseDialled('8 (809) 123-45-67');
    expect(target.kind === 'phone' && isPremiumRate(target.e164)).toBe(true);
  });
});

describe('isInternational', () => {
  it.each([
    ['+78121234567', false],
    ['+79161234567', false],
    ['+78005553535', false],
    ['+78091234567', false],
    ['+73012123456', false],
    // +7 is shared with Kazakhstan: only Russian numbers are domestic
    ['+77012345678', true],
    ['+77271234567', true],
    ['+442079460958', true],
    ['+12025550100', true],
    ['+380441234567', true],
    // Not a Russian number in E.164: barred rather than let through
    ['+76001234567', true],
    ['88121234567', true],
    ['', true],
    ['garbage', true],
  ])('%s: %s', (e164, expected) => expect(isInternational(e164)).toBe(expected));
});
