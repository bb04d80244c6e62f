import { HEADER_READERS, type HeaderFields, type ReadHeader } from './header-readers';
import { normaliseHeaderName } from './header-names';

/** Stands for a field read as undefined, so that the reading is remembered too. */
const NOTHING = Symbol('nothing');

/**
 * Header fields by lower-case long name, in a Map (names come from the wire). Each entry of a
 * name's array is one field value (list headers are already split at top-level commas).
 * Insertion order of names is kept. The fields the PBX reads are parsed once, on first read
 * (`read`), and the parsed form is kept until that field changes.
 */
export class SipHeaders {
  /** Made on the first write: stand-ins kept by thousands of transactions have no fields. */
  private map?: Map<string, string[]>;
  /** Parsed forms by name; a write to a name drops its entry. */
  private parsed?: Map<string, unknown>;

  private get fields(): Map<string, string[]> {
    return (this.map ??= new Map());
  }

  /**
   * Takes over the parser's map as it is (names already normalised, each array its own): a
   * copy would double what every received message allocates. Names without values are dropped.
   */
  static adopt(fields: Map<string, string[]>): SipHeaders {
    for (const [name, values] of fields) if (values.length === 0) fields.delete(name);
    const headers = new SipHeaders();
    headers.map = fields;
    return headers;
  }

  /** The typed form of a field the PBX reads (header-readers.ts); parsed once, never throws. */
  read<K extends ReadHeader>(name: K): HeaderFields[K] {
    const known = this.parsed?.get(name);
    if (known !== undefined) return (known === NOTHING ? undefined : known) as HeaderFields[K];
    const value = HEADER_READERS[name](this.getAll(name));
    (this.parsed ??= new Map()).set(name, value === undefined ? NOTHING : value);
    return value;
  }

  /** Keeps what the parser already parsed while validating, so it is not parsed again. */
  remember<K extends ReadHeader>(name: K, value: HeaderFields[K]): void {
    (this.parsed ??= new Map()).set(name, value === undefined ? NOTHING : value);
  }

  /** The first value of a header, or undefined. */
  get(name: string): string | undefined {
    return this.map?.get(normaliseHeaderName(name))?.[0];
  }

  /** Every value of a header, in message order (empty when absent). */
  getAll(name: string): readonly string[] {
    return this.map?.get(normaliseHeaderName(name)) ?? [];
  }

  has(name: string): boolean {
    return this.map?.has(normaliseHeaderName(name)) ?? false;
  }

  /** Replaces every value of a header. */
  set(name: string, value: string | readonly string[]): this {
    const values = typeof value === 'string' ? [value] : [...value];
    const key = this.changing(name);
    if (values.length === 0) this.map?.delete(key);
    else this.fields.set(key, values);
    return this;
  }

  /** Replaces every value of a header together with its parsed form (both already known). */
  setParsed<K extends ReadHeader>(
    name: K,
    values: readonly string[],
    parsed: HeaderFields[K],
  ): this {
    this.set(name, values);
    this.remember(name, parsed);
    return this;
  }

  /** Adds a value after the existing ones. */
  append(name: string, value: string): this {
    const key = this.changing(name);
    const existing = this.map?.get(key);
    if (existing) existing.push(value);
    else this.fields.set(key, [value]);
    return this;
  }

  /** Adds a value before the existing ones (a proxy's own Via or Record-Route). */
  prepend(name: string, value: string): this {
    const key = this.changing(name);
    const existing = this.map?.get(key);
    if (existing) existing.unshift(value);
    else this.fields.set(key, [value]);
    return this;
  }

  delete(name: string): this {
    this.map?.delete(this.changing(name));
    return this;
  }

  /** [lower-case name, values] pairs in insertion order. */
  entries(): IterableIterator<[string, string[]]> {
    return this.fields.entries();
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    for (const [name, values] of this.map ?? []) copy.fields.set(name, [...values]);
    return copy;
  }

  /** The normalised name of a field about to change; its parsed form no longer holds. */
  private changing(name: string): string {
    const key = normaliseHeaderName(name);
    this.parsed?.delete(key);
    return key;
  }
}
