/**
 * Parses one SIP message (RFC 3261 §7) from a datagram, a WebSocket message or a frame cut by
 * the StreamFramer, and validates it eagerly so that later stages can trust the basics:
 * Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length and the Request-URI.
 */
import { isUtf8 } from 'node:buffer';
import {
  parseCSeq,
  parseNameAddr,
  parseVia,
  splitTopLevelCommas,
  type NameAddr,
  type Via,
} from './headers';
import { LIST_HEADERS, normaliseHeaderName } from './header-names';
import { SipRequest, SipResponse, type SipMessage } from './message';
import { SipParseError } from './parse-error';
import { SipHeaders } from './sip-headers';
import { parseUri } from './uri';

export { SipParseError, type ParseFailure } from './parse-error';

/** Longest header line (after unfolding) and header section accepted. */
export const MAX_HEADER_LINE = 8 * 1024;
export const MAX_HEADER_SECTION = 64 * 1024;

export interface ParseOptions {
  /** A frame from a stream transport: Content-Length is required and must match exactly. */
  stream?: boolean;
}

const TOKEN = new Uint8Array(128);
for (const c of "-.!%*_+`'~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TOKEN[c] = 1;
for (let c = 65; c <= 90; c++) TOKEN[c] = 1;
for (let c = 97; c <= 122; c++) TOKEN[c] = 1;

function isToken(text: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return false;
  }
  return true;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

interface StartLine {
  isRequest: boolean;
  method?: string;
  uriText?: string;
  status?: number;
  reason?: string;
}

function parseStartLine(line: string): StartLine {
  if (line.startsWith('SIP/')) {
    const c = line.charCodeAt(11);
    if (
      !line.startsWith('SIP/2.0 ') ||
      !isDigits(line.slice(8, 11)) ||
      (line.length > 11 && c !== 32) ||
      line.charCodeAt(8) < 49 ||
      line.charCodeAt(8) > 54
    ) {
      throw new SipParseError('Malformed Start Line');
    }
    return { isRequest: false, status: Number(line.slice(8, 11)), reason: line.slice(12) };
  }
  const sp1 = line.indexOf(' ');
  const sp2 = line.lastIndexOf(' ');
  if (
    sp1 <= 0 ||
    sp2 <= sp1 + 1 ||
    line.slice(sp2 + 1) !== 'SIP/2.0' ||
    !isToken(line, 0, sp1) ||
    line.indexOf(' ', sp1 + 1) !== sp2 ||
    line.indexOf('\t') >= 0
  ) {
    throw new SipParseError('Malformed Start Line');
  }
  return { isRequest: true, method: line.slice(0, sp1), uriText: line.slice(sp1 + 1, sp2) };
}

interface HeaderSection {
  /** Values by normalised name, in message order; copied into a SipHeaders once at the end. */
  fields: Map<string, string[]>;
  /** First problem met while reading lines, thrown after the start line is known. */
  problem?: string;
  /** A Via line held bytes that are not UTF-8, so it was left out. */
  viaBroken: boolean;
}

/** Raw header name → normalised name, for the names seen again and again. */
const NAME_CACHE = new Map<string, string>();

function addHeader(
  section: HeaderSection,
  text: string,
  start: number,
  end: number,
  lossy: boolean,
): void {
  if (end - start > MAX_HEADER_LINE) {
    section.problem ??= 'Header Too Long';
    return;
  }
  let colon = text.indexOf(':', start);
  if (colon >= end) colon = -1;
  let nameEnd = colon;
  while (
    nameEnd > start &&
    (text.charCodeAt(nameEnd - 1) === 32 || text.charCodeAt(nameEnd - 1) === 9)
  ) {
    nameEnd--;
  }
  const raw = colon > start ? text.slice(start, nameEnd) : '';
  let name = NAME_CACHE.get(raw);
  if (name === undefined) {
    if (!isToken(raw, 0, raw.length)) {
      section.problem ??= 'Malformed Header';
      return;
    }
    name = normaliseHeaderName(raw);
    if (NAME_CACHE.size < 1024) NAME_CACHE.set(raw, name);
  }
  let vStart = colon + 1;
  let vEnd = end;
  while (vStart < vEnd && isLws(text.charCodeAt(vStart))) vStart++;
  while (vEnd > vStart && isLws(text.charCodeAt(vEnd - 1))) vEnd--;
  const value = text.slice(vStart, vEnd);
  if (lossy && value.includes('\uFFFD')) {
    if (name === 'via') section.viaBroken = true;
    return;
  }
  let values = section.fields.get(name);
  if (!values) section.fields.set(name, (values = []));
  if (LIST_HEADERS.has(name)) {
    for (const part of splitTopLevelCommas(value)) values.push(part);
    if (name === 'via' && value === '') values.push('');
  } else {
    values.push(value);
  }
}

function isLws(c: number): boolean {
  return c === 32 || c === 9;
}

/** Reads header lines after the start line, unfolding continuation lines. */
function readHeaders(text: string, from: number, lossy: boolean): HeaderSection {
  const section: HeaderSection = { fields: new Map(), viaBroken: false };
  const len = text.length;
  let i = from;
  while (i < len) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = len;
    let end = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (end === i) {
      i = nl + 1;
      continue;
    }
    if (isLws(text.charCodeAt(i))) {
      section.problem ??= 'Malformed Header';
      i = nl + 1;
      continue;
    }
    if (nl + 1 < len && isLws(text.charCodeAt(nl + 1))) {
      // Folded: gather the continuation lines into one (RFC 3261 §7.3.1).
      let line = text.slice(i, end);
      while (nl + 1 < len && isLws(text.charCodeAt(nl + 1)) && line.length <= MAX_HEADER_LINE) {
        const next = nl + 1;
        nl = text.indexOf('\n', next);
        if (nl < 0) nl = len;
        end = nl > next && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        line = line.trimEnd() + ' ' + text.slice(next, end).trim();
      }
      addHeader(section, line, 0, line.length, lossy);
    } else {
      addHeader(section, text, i, end, lossy);
    }
    i = nl + 1;
  }
  return section;
}

/**
 * Index of the blank line ending the header section and where the body starts, or -1s.
 * The start line's ending decides whether lines end in CRLF or (tolerated) bare LF.
 */
function findHeaderEnd(data: Buffer, from: number): [number, number] {
  const firstLf = data.indexOf(10, from);
  if (firstLf > from && data[firstLf - 1] !== 13) {
    const lf = data.indexOf('\n\n', from, 'latin1');
    return lf >= 0 ? [lf + 1, lf + 2] : [-1, -1];
  }
  const crlf = data.indexOf('\r\n\r\n', from, 'latin1');
  return crlf >= 0 ? [crlf + 2, crlf + 4] : [-1, -1];
}

/**
 * Parses and validates one message. Throws only SipParseError, whose `failure` carries what a
 * 400 needs; the caller answers requests other than ACK when failure.headers holds Via, From,
 * To, Call-ID and CSeq, and drops everything else.
 */
export function parseMessage(data: Buffer, opts?: ParseOptions): SipMessage {
  let start = 0;
  while (start < data.length && (data[start] === 13 || data[start] === 10)) start++;
  if (start >= data.length) throw new SipParseError('Empty Message');

  const [headerEnd, bodyStart] = findHeaderEnd(data, start);
  const sectionEnd = headerEnd < 0 ? data.length : headerEnd;
  if (sectionEnd - start > MAX_HEADER_SECTION) throw new SipParseError('Header Too Long');

  const utf8 = isUtf8(data.subarray(start, sectionEnd));
  const text = data.toString('utf8', start, sectionEnd);
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const line = text.slice(0, nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
  if (line.length > MAX_HEADER_LINE) throw new SipParseError('Header Too Long');
  if (!utf8 && line.includes('\uFFFD')) throw new SipParseError('Invalid UTF-8 In Headers');
  const startLine = parseStartLine(line);
  const { isRequest, method } = startLine;

  const section = readHeaders(text, nl + 1, !utf8);
  const headers = SipHeaders.adopt(section.fields);
  const fail = (reason: string): never => {
    if (!isRequest || method === 'ACK') throw new SipParseError(reason, { isRequest, method });
    const raw = headers.clone();
    if (section.viaBroken || headers.read('via') === undefined) {
      raw.delete('via');
    }
    throw new SipParseError(reason, { isRequest, method, headers: raw });
  };

  if (!utf8) fail('Invalid UTF-8 In Headers');
  if (section.problem) fail(section.problem);
  if (headerEnd < 0) fail('Truncated Message');

  // What is parsed to validate is kept: the message's accessors return it (parse once).
  const vias: Via[] = [];
  for (const value of headers.getAll('via')) {
    const via = tryParse(parseVia, value);
    if (!via) fail('Bad Via');
    else vias.push(via);
  }
  if (vias.length === 0) fail('Missing Via');
  headers.remember('via', vias);
  headers.remember('from', checkAddress(headers, 'from', 'From', fail));
  headers.remember('to', checkAddress(headers, 'to', 'To', fail));
  const callIds = headers.getAll('call-id');
  if (callIds.length === 0 || callIds[0] === '') fail('Missing Call-ID');
  if (callIds.length > 1) fail('Duplicate Call-ID');
  const cseqs = headers.getAll('cseq');
  if (cseqs.length === 0) fail('Missing CSeq');
  if (cseqs.length > 1) fail('Duplicate CSeq');
  const cseq = tryParse(parseCSeq, cseqs[0]!);
  if (!cseq) return fail('Bad CSeq');
  if (isRequest && cseq.method !== method) fail('CSeq Method Mismatch');
  headers.remember('cseq', cseq);
  const maxForwards = headers.getAll('max-forwards');
  if (maxForwards.length > 1) fail('Bad Max-Forwards');
  if (maxForwards.length === 1) {
    const mf = maxForwards[0]!;
    if (!isDigits(mf) || mf.length > 3 || Number(mf) > 255) fail('Bad Max-Forwards');
  }

  const uri = isRequest ? tryParse(parseUri, startLine.uriText!) : undefined;
  if (isRequest && !uri) fail('Bad Request-URI');

  let body = data.subarray(bodyStart);
  const lengths = headers.getAll('content-length');
  if (lengths.length === 0) {
    if (opts?.stream) fail('Missing Content-Length');
  } else {
    const cl = lengths[0]!;
    if (!isDigits(cl) || cl.length > 9 || lengths.some((l) => l !== cl)) fail('Bad Content-Length');
    const length = Number(cl);
    if (length > body.length) fail('Content-Length Mismatch');
    if (length < body.length) {
      // RFC 3261 §18.3: extra datagram bytes are discarded; we accept only padding, since
      // anything else means a broken sender or a smuggled second message.
      if (opts?.stream || !isPadding(body, length)) fail('Content-Length Mismatch');
      body = body.subarray(0, length);
    }
  }

  if (isRequest) return new SipRequest(method!, uri!, headers, body);
  return new SipResponse(startLine.status!, startLine.reason!, headers, body);
}

function isPadding(body: Buffer, from: number): boolean {
  for (let i = from; i < body.length; i++) {
    const c = body[i];
    if (c !== 13 && c !== 10 && c !== 32 && c !== 9 && c !== 0) return false;
  }
  return true;
}

function tryParse<T>(parse: (text: string) => T, text: string): T | undefined {
  try {
    return parse(text);
  } catch {
    return undefined; // the caller fails the message with the reason it knows
  }
}

function checkAddress(
  headers: SipHeaders,
  name: string,
  label: string,
  fail: (reason: string) => never,
): NameAddr {
  const values = headers.getAll(name);
  if (values.length === 0 || values[0] === '') fail(`Missing ${label}`);
  if (values.length > 1) fail(`Duplicate ${label}`);
  return tryParse(parseNameAddr, values[0]!) ?? fail(`Bad ${label}`);
}
