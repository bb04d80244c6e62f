import { isSipNumber } from '../../../shared/refusals';

export type DialTarget =
  | { kind: 'sip'; target: string }
  | { kind: 'phone'; target: string }
  | { kind: 'empty' }
  | { kind: 'invalid' };

/** Digits with an optional leading +, spaces, dashes, dots and parentheses; 3+ digits. */
const PHONE = /^\+?[\d\s().-]+$/;

/**
 * What the user typed, as the adapter should dial it: a SIP number as it is; a phone number
 * without its separators, a Russian national form (8 812…, 812…) as E.164. The PBX parses
 * and checks it again (SPEC §3).
 */
export function parseDialTarget(input: string): DialTarget {
  const text = input.trim();
  if (!text) return { kind: 'empty' };
  if (isSipNumber(text)) return { kind: 'sip', target: text };
  if (!PHONE.test(text)) return { kind: 'invalid' };
  const digits = text.replace(/\D/g, '');
  if (digits.length < 3) return { kind: 'invalid' };
  if (text.startsWith('+')) return { kind: 'phone', target: `+${digits}` };
  if (digits.length === 11 && /^[78]/.test(digits))
    return { kind: 'phone', target: `+7${digits.slice(1)}` };
  if (digits.length === 10) return { kind: 'phone', target: `+7${digits}` };
  return { kind: 'phone', target: digits };
}
