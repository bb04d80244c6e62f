/**
 * The SIP message model (RFC 3261 §7): plain data plus a header map that keeps every field value
 * separately, so list headers (Via, Contact, Route, ...) are arrays and order within a name holds.
 */
import type { SipUri } from './uri';

export type SipMessage = SipRequest | SipResponse;

export interface SipRequest {
  readonly type: 'request';
  method: string;
  uri: SipUri;
  headers: SipHeaders;
  body: Buffer;
}

export interface SipResponse {
  readonly type: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: Buffer;
}

/** Compact forms (RFC 3261 §7.3.3 and later RFCs) mapped to their long names, lower-case. */
export const COMPACT_HEADER_NAMES: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  r: 'refer-to',
  b: 'referred-by',
  u: 'allow-events',
  x: 'session-expires',
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
  y: 'identity',
};

/** Header names whose values are comma-separated lists (RFC 3261 §7.3.1), split on parse. */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via',
  'contact',
  'route',
  'record-route',
  'path',
  'service-route',
  'allow',
  'allow-events',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'p-asserted-identity',
]);

/** Canonical spelling for serialisation; anything absent is title-cased word by word. */
const CANONICAL_NAMES: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'p-asserted-identity': 'P-Asserted-Identity',
  'mime-version': 'MIME-Version',
  'x-pbx-reason': 'X-Pbx-Reason',
  'x-caller-id': 'X-Caller-ID',
  rack: 'RAck',
  rseq: 'RSeq',
};

/** Lower-case long form of a header name ("f" → "from", "Call-ID" → "call-id"). */
export function normaliseHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT_HEADER_NAMES[lower] ?? lower;
}

export function canonicalHeaderName(lowerName: string): string {
  return (
    CANONICAL_NAMES[lowerName] ??
    lowerName.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
  );
}

/**
 * Header fields by lower-case long name. Each entry of a name's array is one field value
 * (list headers are already split at top-level commas). Insertion order of names is kept.
 */
export class SipHeaders {
  /** Made on the first write: stand-ins kept by thousands of transactions have no fields. */
  private map?: Map<string, string[]>;

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
    const key = normaliseHeaderName(name);
    if (values.length === 0) this.map?.delete(key);
    else this.fields.set(key, values);
    return this;
  }

  /** Adds a value after the existing ones. */
  append(name: string, value: string): this {
    const key = normaliseHeaderName(name);
    const existing = this.map?.get(key);
    if (existing) existing.push(value);
    else this.fields.set(key, [value]);
    return this;
  }

  /** Adds a value before the existing ones (a proxy's own Via or Record-Route). */
  prepend(name: string, value: string): this {
    const key = normaliseHeaderName(name);
    const existing = this.map?.get(key);
    if (existing) existing.unshift(value);
    else this.fields.set(key, [value]);
    return this;
  }

  delete(name: string): this {
    this.map?.delete(normaliseHeaderName(name));
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
}
