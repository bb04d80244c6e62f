/**
 * Parsers and formatters for the header values the PBX reads (RFC 3261 §20, §25.1): Via,
 * name-addr (From, To, Contact, Route, ...), CSeq (Digest auth params: auth-params.ts). Hand-written and
 * linear; every failure is a SipParseError whose reason fits a 400 reason phrase.
 */
import { isIP } from 'node:net';
import { dictionary, type Dictionary } from './dictionary';
import { BARE_VALUE, isBare, isWs, quote, readQuoted, readToken, skipWs, TOKEN } from './lexer';
import { SipParseError } from './parse-error';
import { formatUri, parseUri, type SipUri } from './uri';

export { formatAuthParams, parseAuthParams } from './auth-params';
export type { AuthParamsKind, Challenge } from './auth-params';
export { isToken } from './lexer';

/** One Via field value; the parameters the PBX reads have typed getters. */
export class Via {
  constructor(
    /** "SIP/2.0". */
    public protocol: string,
    /** Upper-cased: "UDP", "TCP", "TLS", "WS", "WSS". */
    public transport: string,
    public host: string,
    public port: number | undefined,
    /** branch, received, rport (null when present without a value), maddr, ttl, ... */
    public params: Dictionary<string | null>,
  ) {}

  get branch(): string | undefined {
    return this.params.branch ?? undefined;
  }

  /** The source address a proxy noted (RFC 3261 §18.2.1), only when it is an IP address. */
  get received(): string | undefined {
    const received = this.params.received;
    return received && isIP(received) ? received : undefined;
  }

  /** The source port a proxy noted (RFC 3581), when `rport` has a value. */
  get rport(): number | undefined {
    const rport = this.params.rport;
    return rport ? Number(rport) : undefined;
  }

  /** host[:port], lower-cased: a server transaction's sent-by (RFC 3261 §17.2.3). */
  get sentBy(): string {
    const host = this.host.toLowerCase();
    return this.port === undefined ? host : `${host}:${this.port}`;
  }
}

export interface NameAddr {
  /** Unquoted. */
  displayName?: string;
  uri: SipUri;
  /** Header params (tag, expires, q, +sip.instance, reg-id, ...), names lower-cased, values unquoted. */
  params: Dictionary<string | null>;
}

export interface CSeq {
  seq: number;
  method: string;
}

/** Parses `;name[=value]...` (values token, host or quoted-string) to the end of text. */
export function parseHeaderParams(
  text: string,
  i: number,
  reason: string,
): Dictionary<string | null> {
  const params = dictionary<string | null>();
  const len = text.length;
  i = skipWs(text, i);
  while (i < len) {
    if (text.charCodeAt(i) !== 59 /* ; */) throw new SipParseError(reason);
    i = skipWs(text, i + 1);
    const nameEnd = readToken(text, i);
    if (nameEnd === i) throw new SipParseError(reason);
    const name = text.slice(i, nameEnd).toLowerCase();
    i = skipWs(text, nameEnd);
    if (i < len && text.charCodeAt(i) === 61 /* = */) {
      i = skipWs(text, i + 1);
      if (text.charCodeAt(i) === 34) {
        const [value, next] = readQuoted(text, i, reason);
        params[name] = value;
        i = next;
      } else {
        const end = readToken(text, i, BARE_VALUE);
        if (end === i) throw new SipParseError(reason);
        params[name] = text.slice(i, end);
        i = end;
      }
      i = skipWs(text, i);
    } else {
      params[name] = null;
    }
  }
  return params;
}

function formatHeaderParams(params: Readonly<Dictionary<string | null>>): string {
  let out = '';
  for (const name in params) {
    const value = params[name];
    if (value === null) out += ';' + name;
    else out += ';' + name + '=' + (value !== '' && isBare(value) ? value : quote(value));
  }
  return out;
}

/** Splits a header value at commas outside quotes and <>; trims parts and drops empty ones. */
export function splitTopLevelCommas(value: string): string[] {
  if (value.indexOf(',') < 0) {
    const only = value.trim();
    return only ? [only] : [];
  }
  const parts: string[] = [];
  let inQuote = false;
  let angle = false;
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 60) angle = true;
    else if (c === 62) angle = false;
    else if (c === 44 && !angle) {
      const part = value.slice(from, i).trim();
      if (part) parts.push(part);
      from = i + 1;
    }
  }
  const last = value.slice(from).trim();
  if (last) parts.push(last);
  return parts;
}

/** One Via field value (RFC 3261 §20.42); throws SipParseError("Bad Via"). */
export function parseVia(value: string): Via {
  const reason = 'Bad Via';
  let i = skipWs(value, 0);
  let end = readToken(value, i);
  const name = value.slice(i, end);
  i = skipWs(value, end);
  if (value.charCodeAt(i) !== 47 /* / */) throw new SipParseError(reason);
  i = skipWs(value, i + 1);
  end = readToken(value, i);
  const version = value.slice(i, end);
  i = skipWs(value, end);
  if (value.charCodeAt(i) !== 47) throw new SipParseError(reason);
  i = skipWs(value, i + 1);
  end = readToken(value, i);
  const transport = value.slice(i, end).toUpperCase();
  if (name.toUpperCase() !== 'SIP' || version !== '2.0' || !transport) {
    throw new SipParseError(reason);
  }
  i = end;
  if (!isWs(value.charCodeAt(i))) throw new SipParseError(reason);
  i = skipWs(value, i);

  const hostStart = i;
  if (value.charCodeAt(i) === 91 /* [ */) {
    const close = value.indexOf(']', i);
    if (close < 0) throw new SipParseError(reason);
    i = close + 1;
  } else {
    while (i < value.length) {
      const c = value.charCodeAt(i);
      const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
      if (!ok && c !== 45 && c !== 46 && c !== 95) break;
      i++;
    }
  }
  if (i === hostStart) throw new SipParseError(reason);
  const host = value.slice(hostStart, i);
  let port: number | undefined;
  i = skipWs(value, i);
  if (value.charCodeAt(i) === 58 /* : */) {
    i = skipWs(value, i + 1);
    const portStart = i;
    let digits = 0;
    while (i < value.length) {
      const c = value.charCodeAt(i);
      if (c < 48 || c > 57) break;
      digits = digits * 10 + (c - 48);
      i++;
    }
    if (i === portStart || i - portStart > 5 || digits > 65535) throw new SipParseError(reason);
    port = digits;
  }
  const params = parseHeaderParams(value, i, reason);
  const rport = params.rport;
  if (rport !== undefined && rport !== null && !/^\d{1,5}$/.test(rport)) {
    throw new SipParseError(reason);
  }
  return new Via('SIP/2.0', transport, host, port, params);
}

/**
 * The top Via of a received request with `received` and `rport` filled in (RFC 3261 §18.2.1,
 * RFC 3581 §4) from where it came: a new Via, the given one unchanged.
 */
export function stampVia(via: Via, address: string, port: number): Via {
  const params = Object.assign(dictionary<string | null>(), via.params);
  if ('rport' in params) params.rport = String(port);
  if (via.host.replace(/^\[|\]$/g, '') !== address) params.received = address;
  return new Via(via.protocol, via.transport, via.host, via.port, params);
}

export function formatVia(via: Via): string {
  const port = via.port !== undefined ? ':' + via.port : '';
  return `${via.protocol}/${via.transport} ${via.host}${port}${formatHeaderParams(via.params)}`;
}

/**
 * name-addr or addr-spec (RFC 3261 §20.10): for addr-spec, everything after the first ';'
 * is header params. Throws SipParseError(reason), "Bad Address" by default.
 */
export function parseNameAddr(value: string, reason = 'Bad Address'): NameAddr {
  let i = skipWs(value, 0);
  let displayName: string | undefined;
  let uriStart: number;
  let uriEnd: number;
  if (value.charCodeAt(i) === 34 /* " */) {
    const [name, next] = readQuoted(value, i, reason);
    displayName = name;
    i = skipWs(value, next);
    if (value.charCodeAt(i) !== 60) throw new SipParseError(reason);
  } else {
    const lt = value.indexOf('<', i);
    if (lt >= 0) {
      const name = value.slice(i, lt).trim();
      for (let k = 0; k < name.length; k++) {
        const c = name.charCodeAt(k);
        if (c < 128 && TOKEN[c] === 0 && c !== 32 && c !== 9) throw new SipParseError(reason);
      }
      if (name) displayName = name;
      i = lt;
    }
  }
  if (value.charCodeAt(i) === 60 /* < */) {
    uriStart = i + 1;
    uriEnd = value.indexOf('>', uriStart);
    if (uriEnd < 0) throw new SipParseError(reason);
    i = uriEnd + 1;
  } else {
    uriStart = i;
    uriEnd = i;
    while (uriEnd < value.length) {
      const c = value.charCodeAt(uriEnd);
      if (c === 59 || isWs(c)) break;
      uriEnd++;
    }
    i = uriEnd;
  }
  let uri: SipUri;
  try {
    uri = parseUri(value.slice(uriStart, uriEnd));
  } catch {
    throw new SipParseError(reason);
  }
  const na: NameAddr = { uri, params: parseHeaderParams(value, i, reason) };
  if (displayName !== undefined) na.displayName = displayName;
  return na;
}

/** Always the name-addr form: `"Display" <uri>;params`. */
export function formatNameAddr(na: NameAddr): string {
  const name = na.displayName ? quote(na.displayName) + ' ' : '';
  return `${name}<${formatUri(na.uri)}>${formatHeaderParams(na.params)}`;
}

/** One Contact field value: a name-addr, or '*' (REGISTER removing every binding). */
export function parseContact(value: string): NameAddr | '*' {
  if (value.trim() === '*') return '*';
  return parseNameAddr(value, 'Bad Contact');
}

/** "<seq> <METHOD>" with seq in 0..2^31-1; throws SipParseError("Bad CSeq"). */
export function parseCSeq(value: string): CSeq {
  const reason = 'Bad CSeq';
  let i = skipWs(value, 0);
  const start = i;
  let seq = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) break;
    seq = seq * 10 + (c - 48);
    i++;
  }
  if (i === start || i - start > 10 || seq > 0x7fffffff || !isWs(value.charCodeAt(i))) {
    throw new SipParseError(reason);
  }
  i = skipWs(value, i);
  const end = readToken(value, i);
  if (end === i || skipWs(value, end) !== value.length) throw new SipParseError(reason);
  return { seq, method: value.slice(i, end) };
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
