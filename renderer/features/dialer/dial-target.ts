import { parseDialled } from '../../../shared/phone-numbers';

export type DialTarget =
  | { kind: 'sip'; target: string }
  | { kind: 'phone'; target: string }
  | { kind: 'empty' }
  | { kind: 'invalid' };

/**
 * What the user typed, as the adapter should dial it: a SIP number as it is, an emergency
 * number as it is, a phone number in E.164. The rules are shared/phone-numbers' parseDialled,
 * the same the PBX checks again (SPEC §3).
 */
export function parseDialTarget(input: string): DialTarget {
  const parsed = parseDialled(input);
  switch (parsed.kind) {
    case 'sip':
      return { kind: 'sip', target: parsed.number };
    case 'emergency':
      return { kind: 'phone', target: parsed.number };
    case 'phone':
      return { kind: 'phone', target: parsed.e164 };
    case 'invalid':
      return parsed.reason === 'empty' ? { kind: 'empty' } : { kind: 'invalid' };
  }
}
