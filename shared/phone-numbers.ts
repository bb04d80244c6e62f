import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/min';
import { isSipNumber } from './refusals';

/**
 * Emergency numbers (SPEC §3): always sent to the trunk, never refused by caller-ID rules.
 * 112 and the single-service numbers 101 (fire), 102 (police), 103 (ambulance), 104 (gas).
 */
export const EMERGENCY_NUMBERS: readonly string[] = ['112', '101', '102', '103', '104'];

/** Why what was typed cannot be dialled, for a sentence in the softphone and the PBX's log. */
export type InvalidDialReason =
  | 'empty'
  /** Letters or symbols other than digits, a leading +, spaces, dots, dashes, parentheses. */
  | 'not-a-number'
  | 'too-short'
  | 'too-long'
  /** A length no number of that country has, though neither too short nor too long. */
  | 'wrong-length'
  /** `+` followed by a country code that does not exist. */
  | 'unknown-country-code'
  /** The right length, but no such number in the country's numbering plan. */
  | 'no-such-number';

/** What the user typed, as it is dialled (SPEC §3, "Numbers the user types"). */
export type DialTarget =
  | { kind: 'sip'; number: string }
  | { kind: 'emergency'; number: string }
  | { kind: 'phone'; e164: string }
  | { kind: 'invalid'; reason: InvalidDialReason };

/** Spaces (also non-breaking), parentheses, dots, hyphens and dashes people type or paste. */
const SEPARATORS = /[\s().\-\u2010-\u2015]/g;
const DIGITS = /^\+?\d+$/;
const EMERGENCY = new Set(EMERGENCY_NUMBERS);

/** Whether what was typed is an emergency number, which always goes out (SPEC §3). */
export function isEmergencyNumber(text: string): boolean {
  return parseDialled(text).kind === 'emergency';
}

const LENGTH_REASONS: Record<string, InvalidDialReason> = {
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_LENGTH: 'wrong-length',
  INVALID_COUNTRY: 'unknown-country-code',
  NOT_A_NUMBER: 'not-a-number',
};

/**
 * Classifies what was typed: a SIP number (`0NNNNNN`), an emergency number, or a phone number
 * parsed with Russia as the default country (`8 812 123-45-67`, `812 123 4567`, `8 10 44 …`,
 * `00 44 …`, `+44 …`) and normalised to E.164. Uses libphonenumber-js's `min` metadata: it
 * accepts every range of the official Russian registry, where `max` rejects some (801–807,
 * parts of 930) and is twice the size in the renderer.
 */
export function parseDialled(text: string): DialTarget {
  const compact = text.replace(SEPARATORS, '');
  if (!compact) return invalid('empty');
  if (!DIGITS.test(compact)) return invalid('not-a-number');
  if (isSipNumber(compact)) return { kind: 'sip', number: compact };
  if (EMERGENCY.has(compact)) return { kind: 'emergency', number: compact };
  // 00 is the international prefix in most of the world and people type it from habit;
  // libphonenumber knows only Russia's own prefix, 8 10, so 00 is turned into + here.
  const number = /^00\d/.test(compact) ? `+${compact.slice(2)}` : compact;
  const phone = parsePhoneNumberFromString(number, 'RU');
  // Every number of +7 (Russia, Kazakhstan) has ten digits after the 7; the `min` metadata also
  // lets through 8 and 13 digits, which is a mistyped number, not a real one.
  const digits = phone?.countryCallingCode === '7' ? phone.nationalNumber.length : 10;
  if (digits !== 10) return invalid(digits > 10 ? 'too-long' : 'too-short');
  if (phone?.isValid()) return { kind: 'phone', e164: phone.number };
  const length = validatePhoneNumberLength(number, 'RU');
  return invalid(length ? (LENGTH_REASONS[length] ?? 'no-such-number') : 'no-such-number');
}

function invalid(reason: InvalidDialReason): DialTarget {
  return { kind: 'invalid', reason };
}

const PREMIUM_RATE = /^\+7809\d{7}$/;

/** A Russian premium-rate number (code 809): barred unless the admin allows it (toll fraud). */
export function isPremiumRate(e164: string): boolean {
  return PREMIUM_RATE.test(e164);
}

/**
 * Whether a call to this E.164 number leaves Russia: true for every number libphonenumber does
 * not place in Russia, including Kazakhstan's +7 6xx/7xx and anything that is not E.164, so a
 * doubtful number is barred rather than let through.
 */
export function isInternational(e164: string): boolean {
  if (!/^\+\d{8,15}$/.test(e164)) return true;
  return parsePhoneNumberFromString(e164)?.country !== 'RU';
}
