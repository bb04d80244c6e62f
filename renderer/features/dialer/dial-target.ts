import { parseDialled } from '../../../shared/phone-numbers';
import { parseSipTarget } from '../../../shared/sip-address';

export type DialTarget =
  | { kind: 'sip'; target: string }
  | { kind: 'phone'; target: string }
  | { kind: 'empty' }
  | { kind: 'invalid' };

/**
 * Which rules turn what is typed into whom to call: this PBX's numbering (SPEC §3), or those of
 * any SIP server (a user name or a SIP URI), when the server is not this PBX.
 */
export type DialRules = 'pbx' | 'any-sip';

/**
 * What the user typed, as the adapter should dial it. This PBX: a SIP number as it is, an
 * emergency number as it is, a phone number in E.164 (shared/phone-numbers' parseDialled, the
 * rules the PBX checks again). Another server: any SIP user or URI (shared/sip-address).
 */
export function parseDialTarget(input: string, rules: DialRules = 'pbx'): DialTarget {
  if (!input.trim()) return { kind: 'empty' };
  if (rules === 'any-sip') {
    const target = parseSipTarget(input);
    return target === undefined ? { kind: 'invalid' } : { kind: 'sip', target };
  }
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
