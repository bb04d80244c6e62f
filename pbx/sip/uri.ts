/**
 * SIP, SIPS and tel URIs (RFC 3261 §19.1, §25.1; RFC 3966), parsed by hand in one linear pass.
 */
import { dictionary, type Dictionary } from './dictionary';
import { SipParseError } from './parse-error';

export interface SipUri {
  scheme: 'sip' | 'sips' | 'tel';
  /** As written (not percent-decoded); for tel: the number. */
  user?: string;
  password?: string;
  /** Lower-case is not forced; IPv6 references keep their brackets ("[::1]"); '' for tel:. */
  host: string;
  port?: number;
  /** Names lower-cased; null when a parameter has no value (";lr"). */
  params: Dictionary<string | null>;
  headers: Dictionary<string>;
}

function charSet(chars: string, alnum = true): Uint8Array {
  const set = new Uint8Array(128);
  for (const c of chars) set[c.charCodeAt(0)] = 1;
  if (alnum) {
    for (let c = 48; c <= 57; c++) set[c] = 1;
    for (let c = 65; c <= 90; c++) set[c] = 1;
    for (let c = 97; c <= 122; c++) set[c] = 1;
  }
  return set;
}

const UNRESERVED = "-_.!~*'()";
const USER_CHARS = charSet(UNRESERVED + '%&=+$,;?/');
const PASSWORD_CHARS = charSet(UNRESERVED + '%&=+$,');
const HOST_CHARS = charSet('-._');
const IPV6_CHARS = charSet(':.', false);
for (const c of '0123456789abcdefABCDEF') IPV6_CHARS[c.charCodeAt(0)] = 1;
const PARAM_CHARS = charSet(UNRESERVED + '%[]/:&+$');
const HEADER_CHARS = charSet(UNRESERVED + '%[]/?:+$');
const TEL_CHARS = charSet('*#+-.()%', false);
for (const c of '0123456789abcdefABCDEFpwPW') TEL_CHARS[c.charCodeAt(0)] = 1;

function allIn(text: string, set: Uint8Array, from = 0, to = text.length): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || set[c] === 0) return false;
  }
  return true;
}

/** Parses ";a=b;c" from `from` up to `to` into `into`; throws on an empty or bad name. */
function parseUriParams(
  text: string,
  from: number,
  to: number,
  into: Dictionary<string | null>,
  reason: string,
): void {
  let i = from;
  while (i < to) {
    // text[i] is ';'
    let end = text.indexOf(';', i + 1);
    if (end < 0 || end > to) end = to;
    const eq = text.indexOf('=', i + 1);
    if (eq >= 0 && eq < end) {
      if (!allIn(text, PARAM_CHARS, i + 1, eq)) throw new SipParseError(reason);
      if (eq + 1 < end && !allIn(text, PARAM_CHARS, eq + 1, end)) throw new SipParseError(reason);
      into[text.slice(i + 1, eq).toLowerCase()] = text.slice(eq + 1, end);
    } else {
      if (!allIn(text, PARAM_CHARS, i + 1, end)) throw new SipParseError(reason);
      into[text.slice(i + 1, end).toLowerCase()] = null;
    }
    i = end;
  }
}

function parseTel(text: string, start: number): SipUri {
  const reason = 'Bad URI';
  let semi = text.indexOf(';', start);
  if (semi < 0) semi = text.length;
  if (!allIn(text, TEL_CHARS, start, semi)) throw new SipParseError(reason);
  const params = dictionary<string | null>();
  parseUriParams(text, semi, text.length, params, reason);
  return { scheme: 'tel', user: text.slice(start, semi), host: '', params, headers: dictionary() };
}

/** Parses a URI; throws SipParseError("Bad URI") on anything RFC 3261 §25.1 does not allow. */
export function parseUri(text: string): SipUri {
  const reason = 'Bad URI';
  const colon = text.indexOf(':');
  if (colon < 3 || colon > 4) throw new SipParseError(reason);
  const scheme = text.slice(0, colon).toLowerCase();
  if (scheme === 'tel') return parseTel(text, colon + 1);
  if (scheme !== 'sip' && scheme !== 'sips') throw new SipParseError(reason);

  const len = text.length;
  let i = colon + 1;
  let user: string | undefined;
  let password: string | undefined;
  const at = text.indexOf('@', i);
  const q = text.indexOf('?', i);
  if (at >= 0 && (q < 0 || at < q)) {
    const pc = text.indexOf(':', i);
    const userEnd = pc >= 0 && pc < at ? pc : at;
    if (!allIn(text, USER_CHARS, i, userEnd)) throw new SipParseError(reason);
    user = text.slice(i, userEnd);
    if (userEnd < at) {
      if (userEnd + 1 < at && !allIn(text, PASSWORD_CHARS, userEnd + 1, at)) {
        throw new SipParseError(reason);
      }
      password = text.slice(userEnd + 1, at);
    }
    i = at + 1;
  }

  // host
  const hostStart = i;
  if (text.charCodeAt(i) === 91 /* [ */) {
    const close = text.indexOf(']', i);
    if (close < 0 || !allIn(text, IPV6_CHARS, i + 1, close)) throw new SipParseError(reason);
    i = close + 1;
  } else {
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c >= 128 || HOST_CHARS[c] === 0) break;
      i++;
    }
    if (i === hostStart) throw new SipParseError(reason);
  }
  const host = text.slice(hostStart, i);

  let port: number | undefined;
  if (text.charCodeAt(i) === 58 /* : */) {
    const portStart = ++i;
    let value = 0;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
      i++;
    }
    if (i === portStart || i - portStart > 5 || value > 65535) throw new SipParseError(reason);
    port = value;
  }

  const params = dictionary<string | null>();
  const headers = dictionary<string>();
  const paramsEnd = q >= i ? q : len;
  if (i < paramsEnd) {
    if (text.charCodeAt(i) !== 59 /* ; */) throw new SipParseError(reason);
    parseUriParams(text, i, paramsEnd, params, reason);
  }
  if (paramsEnd < len) {
    let h = paramsEnd + 1;
    while (h <= len) {
      let end = text.indexOf('&', h);
      if (end < 0) end = len;
      const eq = text.indexOf('=', h);
      if (eq < 0 || eq > end || !allIn(text, HEADER_CHARS, h, eq)) throw new SipParseError(reason);
      if (eq + 1 < end && !allIn(text, HEADER_CHARS, eq + 1, end)) throw new SipParseError(reason);
      headers[text.slice(h, eq)] = text.slice(eq + 1, end);
      h = end + 1;
    }
  }
  const uri: SipUri = { scheme, host, params, headers };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (port !== undefined) uri.port = port;
  return uri;
}

/** The text form of a URI; parseUri(formatUri(u)) deep-equals u. */
export function formatUri(uri: SipUri): string {
  let out = uri.scheme + ':';
  if (uri.scheme === 'tel') {
    out += uri.user ?? '';
  } else {
    if (uri.user !== undefined) {
      out += uri.user;
      if (uri.password !== undefined) out += ':' + uri.password;
      out += '@';
    }
    out += uri.host;
    if (uri.port !== undefined) out += ':' + uri.port;
  }
  for (const name in uri.params) {
    const value = uri.params[name];
    out += value === null ? ';' + name : ';' + name + '=' + value;
  }
  let sep = '?';
  for (const name in uri.headers) {
    out += sep + name + '=' + uri.headers[name];
    sep = '&';
  }
  return out;
}
