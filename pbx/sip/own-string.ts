import { dictionary } from './dictionary';

/**
 * A copy of a string that keeps nothing else alive. V8 cuts substrings as slices of their
 * parent: a header value kept in a long-lived table (a binding, a nonce count) would otherwise
 * keep the whole message it came from in memory.
 */
export function ownString(text: string): string {
  // V8 copies substrings and concatenations shorter than 13 characters (SlicedString's and
  // ConsString's kMinLength): those already keep nothing else alive, and most values are that
  // short (a SIP number, a tag, a port). The round trip through bytes was 3 % of the SIP
  // thread at 5,000 REGISTER/s (a CPU profile).
  if (text.length < V8_MIN_SLICE_LENGTH) return text;
  // A round trip through bytes makes a flat string of its own. (Concatenating and slicing, the
  // usual trick, leaves a 32-byte slice of a private copy one character longer.)
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** The shortest string V8 represents as a slice of, or a pair of pointers to, other strings. */
const V8_MIN_SLICE_LENGTH = 13;

/** Shared by every empty object `ownStrings` returns (URI params and headers mostly are). */
const EMPTY = Object.freeze(dictionary<never>());

/**
 * The same object with every string, key and nested object copied by `ownString`, without a
 * prototype (keys may come from the wire). Empty objects come back as one shared frozen
 * object: long-lived copies are read, never changed.
 */
export function ownStrings<T extends object>(value: T): T {
  const entries = Object.entries(value);
  if (entries.length === 0) return EMPTY as T;
  const copy = dictionary<unknown>();
  for (const [name, field] of entries) {
    if (typeof field === 'string') copy[ownString(name)] = ownString(field);
    else if (field && typeof field === 'object') copy[ownString(name)] = ownStrings(field);
    else copy[ownString(name)] = field;
  }
  return copy as T;
}

/** Strings many long-lived objects repeat (a scheme, a host, a User-Agent): one copy each. */
const shared = new Map<string, string>();
/** Beyond this many distinct strings the table starts over: sharing is a saving, not a rule. */
const MAX_SHARED = 4096;

/** `ownString`, returning the same copy for equal texts. */
export function sharedString(text: string): string {
  const known = shared.get(text);
  if (known !== undefined) return known;
  const own = ownString(text);
  if (shared.size >= MAX_SHARED) shared.clear();
  shared.set(own, own);
  return own;
}
