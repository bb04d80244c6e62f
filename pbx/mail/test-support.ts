/** Reads a rendered mail back as a recipient's client would, and a log sink (tests only). */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../log';

export interface ReadMail {
  /** Header values by lower-case name, unfolded but not decoded. */
  headers: Map<string, string>;
  subject: string;
  /** The text part, decoded, with LF line ends. */
  text: string;
}

/** Parses a single-part plain-text RFC 5322 message (what the mailer renders). */
export function readMail(raw: string): ReadMail {
  const message = raw.replace(/\r\n/g, '\n');
  const end = message.indexOf('\n\n');
  if (end < 0) throw new Error('no blank line between headers and body');
  const headers = new Map<string, string>();
  for (const line of message
    .slice(0, end)
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = message.slice(end + 2);
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  return {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    text: decodeBody(body, encoding).toString('utf8').replace(/\r\n/g, '\n'),
  };
}

function decodeBody(body: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body.replace(/=\n/g, ''));
  return Buffer.from(body, 'utf8');
}

function decodeQuotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (UTF-8, B or Q); adjacent words join, as a word may split a character. */
function decodeWords(value: string): string {
  const word = /=\?utf-8\?([bq])\?([^?]*)\?=/gi;
  const joined = value.replace(/\?=\s+=\?/g, '?==?');
  return joined.replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=)+/gi, (run) => {
    const parts = [...run.matchAll(word)].map(([, kind, data]) =>
      kind!.toLowerCase() === 'b'
        ? Buffer.from(data!, 'base64')
        : decodeQuotedPrintable(data!.replace(/_/g, ' ')),
    );
    return Buffer.concat(parts).toString('utf8');
  });
}

/** A real PBX logger (with its redaction) whose JSON lines land in `lines`. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}
