/** DTMF: RFC 4733 (JsSIP calls it RFC2833) by default, SIP INFO as an option. */
import type { JsSipModule } from './jssip-types';
import type { SipAdapterConfig } from './types';

const DTMF_DIGITS = /^[0-9A-D#*,]+$/i;

/** Tones JsSIP can send; anything else would make it throw. */
export function isDtmfString(digits: string): boolean {
  return DTMF_DIGITS.test(digits);
}

export function dtmfOptions(
  jssip: JsSipModule,
  method: SipAdapterConfig['dtmfMethod'],
): { transportType: unknown } {
  const transport = jssip.C.DTMF_TRANSPORT;
  return { transportType: method === 'info' ? transport.INFO : transport.RFC2833 };
}
