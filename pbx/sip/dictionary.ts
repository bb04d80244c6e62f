/**
 * Objects used as dictionaries keyed by what arrives on the wire (header and URI parameters,
 * auth parameters) have no prototype: a name like `__proto__`, `constructor` or `toString` is
 * then an ordinary key, never a member of Object.prototype.
 */
export type Dictionary<T> = Record<string, T>;

export function dictionary<T>(): Dictionary<T> {
  return Object.create(null) as Dictionary<T>;
}

/** A prototype-free copy of a dictionary. */
export function copyDictionary<T>(source: Readonly<Dictionary<T>>): Dictionary<T> {
  return Object.assign(dictionary<T>(), source);
}
