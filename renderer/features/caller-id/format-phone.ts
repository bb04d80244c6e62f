import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A phone number as people read it (`+7 812 309 00 00`); what is not a phone number (a SIP
 * number, an emergency number) comes back as it is.
 */
export function formatPhone(number: string): string {
  if (!number.startsWith('+')) return number;
  return parsePhoneNumberFromString(number)?.formatInternational() ?? number;
}
