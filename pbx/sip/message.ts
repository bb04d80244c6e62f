/**
 * The SIP message model (RFC 3261 §7): start line, a header map that keeps every field value
 * separately (list headers are arrays, order within a name holds), and the body. Parsed once:
 * what the PBX reads comes from memoised accessors that never throw; a header that is absent or
 * does not parse reads as undefined, and the caller decides (400 for a request that needs it,
 * drop for a response). Parsed values are shared by every reader: treat them as read-only.
 */
import type { CSeq, NameAddr, Via } from './headers';
import type {
  Contact,
  ContentType,
  EventHeader,
  HeaderFields,
  Replaces,
  ReadHeader,
  SessionExpires,
} from './header-readers';
import { canonicalHeaderName } from './header-names';
import { SipHeaders } from './sip-headers';
import type { SipUri } from './uri';

export {
  canonicalHeaderName,
  COMPACT_HEADER_NAMES,
  LIST_HEADERS,
  normaliseHeaderName,
} from './header-names';
export { SipHeaders } from './sip-headers';
export type {
  Contact,
  ContentType,
  EventHeader,
  HeaderFields,
  Replaces,
  ReadHeader,
  SessionExpires,
};

export type SipMessage = SipRequest | SipResponse;

const EMPTY_BODY = Buffer.alloc(0);

/** What requests and responses share: headers, body, and the accessors over the headers. */
abstract class SipMessageBase {
  constructor(
    public headers: SipHeaders,
    public body: Buffer,
  ) {}

  /** The Call-ID ('' when absent: only possible in a message the PBX built). */
  get callId(): string {
    return this.headers.get('call-id') ?? '';
  }

  get from(): Readonly<NameAddr> | undefined {
    return this.headers.read('from');
  }

  get to(): Readonly<NameAddr> | undefined {
    return this.headers.read('to');
  }

  /** The From tag, when it has one with a value. */
  get fromTag(): string | undefined {
    return this.from?.params.tag ?? undefined;
  }

  /** The To tag, when it has one with a value (a request inside a dialog, a response). */
  get toTag(): string | undefined {
    return this.to?.params.tag ?? undefined;
  }

  get cseq(): Readonly<CSeq> | undefined {
    return this.headers.read('cseq');
  }

  /** Every Via, top first; undefined when one does not parse. */
  get vias(): readonly Via[] | undefined {
    return this.headers.read('via');
  }

  get topVia(): Via | undefined {
    return this.vias?.[0];
  }

  /** The first Contact address (undefined when absent, `*`, or not parseable). */
  contact(): Readonly<NameAddr> | undefined {
    const first = this.contacts?.[0];
    return first === '*' ? undefined : first;
  }

  /** Every Contact value; undefined when one does not parse. */
  get contacts(): readonly Contact[] | undefined {
    return this.headers.read('contact');
  }

  /** The Route entries, in order; undefined when one does not parse. */
  get routeSet(): readonly Readonly<NameAddr>[] | undefined {
    return this.headers.read('route');
  }

  /** The Record-Route entries, in order; undefined when one does not parse. */
  get recordRoute(): readonly Readonly<NameAddr>[] | undefined {
    return this.headers.read('record-route');
  }

  get referTo(): Readonly<NameAddr> | undefined {
    return this.headers.read('refer-to');
  }

  get referredBy(): Readonly<NameAddr> | undefined {
    return this.headers.read('referred-by');
  }

  get replaces(): Readonly<Replaces> | undefined {
    return this.headers.read('replaces');
  }

  get sessionExpires(): Readonly<SessionExpires> | undefined {
    return this.headers.read('session-expires');
  }

  get maxForwards(): number | undefined {
    return this.headers.read('max-forwards');
  }

  get expires(): number | undefined {
    return this.headers.read('expires');
  }

  /** RFC 6665: the event package (`Event`); undefined when absent or malformed. */
  get event(): Readonly<EventHeader> | undefined {
    return this.headers.read('event');
  }

  /** Option tags of `Supported`, lower-cased. */
  get supported(): readonly string[] {
    return this.headers.read('supported');
  }

  /** Option tags of `Require`, lower-cased. */
  get require(): readonly string[] {
    return this.headers.read('require');
  }

  /** The body's media type (undefined when absent or malformed). */
  get contentType(): Readonly<ContentType> | undefined {
    return this.headers.read('content-type');
  }

  /** The first of `names` that is present but does not parse, by its canonical name. */
  malformed(names: readonly ReadHeader[]): string | undefined {
    for (const name of names) {
      if (this.headers.has(name) && this.headers.read(name) === undefined) {
        return canonicalHeaderName(name);
      }
    }
    return undefined;
  }
}

export class SipRequest extends SipMessageBase {
  readonly type = 'request' as const;

  constructor(
    public method: string,
    public uri: SipUri,
    headers: SipHeaders = new SipHeaders(),
    body: Buffer = EMPTY_BODY,
  ) {
    super(headers, body);
  }

  /** The Request-URI's user part (the number dialled, a flow or call token). */
  get user(): string | undefined {
    return this.uri.user;
  }

  /** Digest credentials of `Authorization` or `Proxy-Authorization` that parse. */
  credentials(header: 'authorization' | 'proxy-authorization'): HeaderFields['authorization'] {
    return this.headers.read(header);
  }
}

export class SipResponse extends SipMessageBase {
  readonly type = 'response' as const;

  constructor(
    public status: number,
    public reason: string,
    headers: SipHeaders = new SipHeaders(),
    body: Buffer = EMPTY_BODY,
  ) {
    super(headers, body);
  }

  /** The Digest challenge of a 401 (`WWW-Authenticate`) or 407 (`Proxy-Authenticate`). */
  get challenge(): HeaderFields['www-authenticate'] {
    return this.headers.read(this.status === 407 ? 'proxy-authenticate' : 'www-authenticate');
  }
}
