/**
 * A copy of a string that keeps nothing else alive. V8 cuts substrings as slices of their
 * parent: a header value kept in a long-lived table (a binding, a nonce count) would otherwise
 * keep the whole message it came from in memory.
 */
export function ownString(text: string): string {
  return (' ' + text).slice(1);
}

/** The same object with every string, key and nested object copied by `ownString`. */
export function ownStrings<T extends object>(value: T): T {
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (typeof field === 'string') copy[ownString(name)] = ownString(field);
    else if (field && typeof field === 'object') copy[ownString(name)] = ownStrings(field);
    else copy[ownString(name)] = field;
  }
  return copy as T;
}
