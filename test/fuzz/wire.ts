/**
 * The fuzzer's own SIP text handling: a tolerant reader of what the PBX sends and a builder of
 * what the fuzzer sends. Deliberately independent of `pbx/sip`, so the fuzzer neither shares
 * the parser it attacks nor breaks when that parser changes.
 */

const COMPACT: Record<string, string> = Object.assign(Object.create(null) as object, {
  i: 'call-id',
  m: 'contact',
  f: 'from',
  t: 'to',
  v: 'via',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  r: 'refer-to',
  b: 'referred-by',
  x: 'session-expires',
  o: 'event',
});

const LISTS = new Set(['via', 'route', 'record-route', 'contact']);

/** A message as the fuzzer received it. */
export interface Received {
  request: boolean;
  /** The request's method, or the method of a response's CSeq. */
  method: string;
  /** The Request-URI (requests). */
  uri: string;
  status: number;
  /** Header values by lower-case long name, list headers split at top-level commas. */
  headers: Map<string, string[]>;
  body: Buffer;
}

export function header(message: Received, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}

export function headers(message: Received, name: string): readonly string[] {
  return message.headers.get(name) ?? [];
}

/** Reads one message; undefined when it is not even SIP-shaped. */
export function readMessage(data: Buffer): Received | undefined {
  let end = data.indexOf('\r\n\r\n');
  let bodyStart = end + 4;
  if (end < 0) {
    end = data.length;
    bodyStart = data.length;
  }
  const lines = data.toString('latin1', 0, end).split('\r\n');
  const first = lines[0] ?? '';
  const map = new Map<string, string[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const value = line.slice(colon + 1).trim();
    const values = map.get(name) ?? [];
    if (LISTS.has(name)) values.push(...splitCommas(value));
    else values.push(value);
    map.set(name, values);
  }
  const cseq = (map.get('cseq')?.[0] ?? '').split(/\s+/);
  const body = data.subarray(bodyStart);
  if (first.startsWith('SIP/2.0 ')) {
    const status = Number(first.slice(8, 11));
    if (!Number.isInteger(status)) return undefined;
    return { request: false, method: cseq[1] ?? '', uri: '', status, headers: map, body };
  }
  const parts = first.split(' ');
  if (parts.length !== 3 || parts[2] !== 'SIP/2.0') return undefined;
  return { request: true, method: parts[0]!, uri: parts[1]!, status: 0, headers: map, body };
}

/** Splits a header value at commas outside <...> and quotes. */
export function splitCommas(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && c === '<') depth++;
    else if (!quoted && c === '>') depth--;
    else if (!quoted && depth === 0 && c === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v !== '');
}

/** The `tag` parameter of a From/To value. */
export function tagOf(value: string | undefined): string | undefined {
  return /;\s*tag=([^;>\s,]+)/i.exec(value ?? '')?.[1];
}

/** The URI inside a name-addr (`"x" <sip:a@b>;p`) or an addr-spec (`sip:a@b;p`). */
export function uriOf(value: string | undefined): string {
  const text = value ?? '';
  const open = text.indexOf('<');
  if (open >= 0) return text.slice(open + 1, text.indexOf('>', open));
  return text.split(';')[0]!.trim();
}

/** The user part of a SIP URI or name-addr. */
export function userOf(value: string | undefined): string | undefined {
  return /sips?:([^@;>]+)@/.exec(value ?? '')?.[1];
}

/** An outgoing message: start line, header lines in order, body. Mutations edit it in place. */
export class Outgoing {
  constructor(
    public start: string,
    public fields: [string, string][],
    public body: Buffer | string = '',
  ) {}

  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.fields.find(([n]) => n.toLowerCase() === lower)?.[1];
  }

  set(name: string, value: string): this {
    const lower = name.toLowerCase();
    const at = this.fields.findIndex(([n]) => n.toLowerCase() === lower);
    if (at >= 0) this.fields[at] = [name, value];
    else this.fields.push([name, value]);
    return this;
  }

  remove(name: string): this {
    const lower = name.toLowerCase();
    this.fields = this.fields.filter(([n]) => n.toLowerCase() !== lower);
    return this;
  }

  clone(): Outgoing {
    return new Outgoing(
      this.start,
      this.fields.map(([n, v]) => [n, v]),
      this.body,
    );
  }

  /** The bytes; a Content-Length is added unless a field already names one. */
  bytes(): Buffer {
    const body = typeof this.body === 'string' ? Buffer.from(this.body) : this.body;
    const lines = [this.start];
    let hasLength = false;
    for (const [name, value] of this.fields) {
      if (name.toLowerCase() === 'content-length' || name === 'l') hasLength = true;
      lines.push(`${name}: ${value}`);
    }
    if (!hasLength) lines.push(`Content-Length: ${body.length}`);
    lines.push('', '');
    return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
  }
}

/** Cuts a byte stream into messages by Content-Length (RFC 3261 §18.3), tolerantly. */
export class StreamReader {
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly onMessage: (data: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      let start = 0;
      while (start < this.buffer.length && (this.buffer[start] === 13 || this.buffer[start] === 10))
        start++;
      if (start > 0) this.buffer = this.buffer.subarray(start);
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.toString('latin1', 0, end);
      const length = Number(/\r\n(?:content-length|l)[ \t]*:[ \t]*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = end + 4 + length;
      if (this.buffer.length < total) return;
      this.onMessage(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
    }
  }
}
