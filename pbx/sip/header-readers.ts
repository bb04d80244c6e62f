/**
 * The typed forms of the header fields the PBX reads, one reader per header name. A reader
 * never throws: a value that does not parse gives undefined (for lists, the whole list), so
 * "absent" and "malformed" differ only where it matters (`SipHeaders.has`). Messages read
 * these through their memoised accessors (message.ts), never by parsing raw values.
 */
import { parseAuthParams, type Challenge } from './auth-params';
import {
  parseContact,
  parseCSeq,
  parseHeaderParams,
  parseNameAddr,
  parseVia,
  type CSeq,
  type NameAddr,
  type Via,
} from './headers';

type Values = readonly string[];

/** A Contact field value: an address, or `*` (a REGISTER removing every binding). */
export type Contact = NameAddr | '*';

/** RFC 3891: the dialog an INVITE replaces. */
export interface Replaces {
  callId: string;
  toTag?: string;
  fromTag?: string;
  earlyOnly: boolean;
}

/** RFC 4028: the session interval and who refreshes. */
export interface SessionExpires {
  seconds: number;
  refresher?: 'uac' | 'uas';
}

/** RFC 6665 §8.2.1: the event package a SUBSCRIBE or NOTIFY is about, and its `id`. */
export interface EventHeader {
  /** The package name, lower-cased (`dialog`, `presence`, `refer`). */
  package: string;
  id?: string;
}

/** RFC 3261 §20.15: a media type, lower-cased, and its parameters (`boundary`, `charset`). */
export interface ContentType {
  type: string;
  params: Readonly<Record<string, string | null>>;
}

/** What each read header field gives; undefined means absent or malformed. */
export interface HeaderFields {
  via: readonly Via[] | undefined;
  from: NameAddr | undefined;
  to: NameAddr | undefined;
  cseq: CSeq | undefined;
  contact: readonly Contact[] | undefined;
  route: readonly NameAddr[] | undefined;
  'record-route': readonly NameAddr[] | undefined;
  'refer-to': NameAddr | undefined;
  'referred-by': NameAddr | undefined;
  replaces: Replaces | undefined;
  'session-expires': SessionExpires | undefined;
  'max-forwards': number | undefined;
  expires: number | undefined;
  /** Option tags, lower-cased. */
  supported: readonly string[];
  require: readonly string[];
  'content-type': ContentType | undefined;
  event: EventHeader | undefined;
  /** Credentials that parse; the others are left out. */
  authorization: readonly Challenge[];
  'proxy-authorization': readonly Challenge[];
  'www-authenticate': Challenge | undefined;
  'proxy-authenticate': Challenge | undefined;
}

export type ReadHeader = keyof HeaderFields;

function attempt<T>(parse: (text: string) => T, text: string): T | undefined {
  try {
    return parse(text);
  } catch {
    // A value that does not parse reads as undefined: the caller decides what that means.
    return undefined;
  }
}

/** Exactly one value, parsed. */
const single =
  <T>(parse: (text: string) => T) =>
  (values: Values): T | undefined =>
    values.length === 1 ? attempt(parse, values[0]!) : undefined;

/** Every value, parsed; undefined when any one does not parse. */
const every =
  <T>(parse: (text: string) => T) =>
  (values: Values): readonly T[] | undefined => {
    const parsed: T[] = [];
    for (const value of values) {
      const one = attempt(parse, value);
      if (one === undefined) return undefined;
      parsed.push(one);
    }
    return parsed;
  };

/** The values that parse. */
const readable =
  <T>(parse: (text: string) => T) =>
  (values: Values): readonly T[] => {
    const parsed: T[] = [];
    for (const value of values) {
      const one = attempt(parse, value);
      if (one !== undefined) parsed.push(one);
    }
    return parsed;
  };

function digits(text: string, max: number): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return value <= max ? value : undefined;
}

function parseReplaces(value: string): Replaces {
  const semi = value.indexOf(';');
  const callId = (semi < 0 ? value : value.slice(0, semi)).trim();
  if (!callId || /\s/.test(callId)) throw new Error('Bad Replaces');
  const params = semi < 0 ? undefined : parseHeaderParams(value, semi, 'Bad Replaces');
  const replaces: Replaces = { callId, earlyOnly: params !== undefined && 'early-only' in params };
  const toTag = params?.['to-tag'];
  const fromTag = params?.['from-tag'];
  if (toTag) replaces.toTag = toTag;
  if (fromTag) replaces.fromTag = fromTag;
  return replaces;
}

function parseSessionExpires(value: string): SessionExpires {
  const semi = value.indexOf(';');
  const seconds = digits(semi < 0 ? value : value.slice(0, semi), 0xffffffff);
  if (!seconds) throw new Error('Bad Session-Expires');
  const params = semi < 0 ? undefined : parseHeaderParams(value, semi, 'Bad Session-Expires');
  const refresher = params?.refresher?.toLowerCase();
  return refresher === 'uac' || refresher === 'uas' ? { seconds, refresher } : { seconds };
}

function parseContentType(value: string): ContentType {
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) throw new Error('Bad Content-Type');
  const params = semi < 0 ? {} : parseHeaderParams(value, semi, 'Bad Content-Type');
  return { type, params };
}

function parseEvent(value: string): EventHeader {
  const semi = value.indexOf(';');
  const name = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  // event-type: token-nodot *( "." token-nodot ) (RFC 6665 §8.4)
  if (!/^[a-z0-9!%*_+`'~-]+(\.[a-z0-9!%*_+`'~-]+)*$/.test(name)) throw new Error('Bad Event');
  const params = semi < 0 ? undefined : parseHeaderParams(value, semi, 'Bad Event');
  const id = params?.id;
  return id ? { package: name, id } : { package: name };
}

/** Option tags of `Supported` or `Require`, lower-cased. */
const optionTags = (values: Values): readonly string[] =>
  values.map((tag) => tag.trim().toLowerCase()).filter(Boolean);

function number(max: number) {
  return (text: string): number => {
    const value = digits(text, max);
    if (value === undefined) throw new Error('not a number');
    return value;
  };
}

/** One reader per header name (keys are the PBX's own, never input). */
export const HEADER_READERS: { readonly [K in ReadHeader]: (values: Values) => HeaderFields[K] } = {
  via: every(parseVia),
  from: single(parseNameAddr),
  to: single(parseNameAddr),
  cseq: single(parseCSeq),
  contact: every(parseContact),
  route: every(parseNameAddr),
  'record-route': every(parseNameAddr),
  'refer-to': single(parseNameAddr),
  'referred-by': single(parseNameAddr),
  replaces: single(parseReplaces),
  'session-expires': single(parseSessionExpires),
  'max-forwards': single(number(255)),
  expires: single(number(0xffffffff)),
  supported: optionTags,
  require: optionTags,
  'content-type': single(parseContentType),
  event: single(parseEvent),
  authorization: readable(parseAuthParams),
  'proxy-authorization': readable(parseAuthParams),
  'www-authenticate': (values) =>
    values.length ? attempt(parseAuthParams, values[0]!) : undefined,
  'proxy-authenticate': (values) =>
    values.length ? attempt(parseAuthParams, values[0]!) : undefined,
};
