/** The character classes and small readers every SIP header parser shares (RFC 3261 §25.1). */
import { SipParseError } from './parse-error';

export const TOKEN = new Uint8Array(128);
for (const c of "-.!%*_+`'~") TOKEN[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TOKEN[c] = 1;
for (let c = 65; c <= 90; c++) TOKEN[c] = 1;
for (let c = 97; c <= 122; c++) TOKEN[c] = 1;
/** What may stand unquoted as a generic-param value: token / host (IPv6 too). */
export const BARE_VALUE = TOKEN.slice();
for (const c of ':[]') BARE_VALUE[c.charCodeAt(0)] = 1;

export function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

export function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

export function readToken(text: string, i: number, set: Uint8Array = TOKEN): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 128 || set[c] === 0) break;
    i++;
  }
  return i;
}

/** True when every character of text is a token character (RFC 3261 §25.1). */
export function isToken(text: string): boolean {
  return text.length > 0 && readToken(text, 0) === text.length;
}

/** Reads a quoted-string starting at the opening quote; returns [unquoted, index after]. */
export function readQuoted(text: string, i: number, reason: string): [string, number] {
  let out = '';
  let from = ++i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      out += text.slice(from, i);
      if (i + 1 >= text.length) break;
      out += text[i + 1];
      i += 2;
      from = i;
    } else if (c === 34 /* " */) {
      return [out + text.slice(from, i), i + 1];
    } else {
      i++;
    }
  }
  throw new SipParseError(reason);
}

export function quote(value: string): string {
  let out = '"';
  for (const ch of value) out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  return out + '"';
}

export function isBare(value: string): boolean {
  return readToken(value, 0, BARE_VALUE) === value.length;
}
