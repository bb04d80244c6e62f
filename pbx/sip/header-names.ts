/** Header names: compact forms, list headers, and the spelling the PBX writes. */

/** Compact forms (RFC 3261 §7.3.3 and later RFCs) mapped to their long names, lower-case. */
export const COMPACT_HEADER_NAMES: ReadonlyMap<string, string> = new Map([
  ['i', 'call-id'],
  ['m', 'contact'],
  ['e', 'content-encoding'],
  ['l', 'content-length'],
  ['c', 'content-type'],
  ['f', 'from'],
  ['s', 'subject'],
  ['k', 'supported'],
  ['t', 'to'],
  ['v', 'via'],
  ['o', 'event'],
  ['r', 'refer-to'],
  ['b', 'referred-by'],
  ['u', 'allow-events'],
  ['x', 'session-expires'],
  ['a', 'accept-contact'],
  ['j', 'reject-contact'],
  ['d', 'request-disposition'],
  ['y', 'identity'],
]);

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
const CANONICAL_NAMES: ReadonlyMap<string, string> = new Map([
  ['call-id', 'Call-ID'],
  ['cseq', 'CSeq'],
  ['www-authenticate', 'WWW-Authenticate'],
  ['p-asserted-identity', 'P-Asserted-Identity'],
  ['mime-version', 'MIME-Version'],
  ['x-pbx-reason', 'X-Pbx-Reason'],
  ['x-caller-id', 'X-Caller-ID'],
  ['rack', 'RAck'],
  ['rseq', 'RSeq'],
]);

/** Lower-case long form of a header name ("f" → "from", "Call-ID" → "call-id"). */
export function normaliseHeaderName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT_HEADER_NAMES.get(lower) ?? lower;
}

export function canonicalHeaderName(lowerName: string): string {
  return (
    CANONICAL_NAMES.get(lowerName) ??
    lowerName.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
  );
}
