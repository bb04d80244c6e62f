/**
 * A desk phone's side of the RFC 4235 `dialog` package for PBX tests: SUBSCRIBE with digest, then
 * each NOTIFY waited for, answered 200 and kept.
 */
import { randomBytes } from 'node:crypto';
import { parseNameAddr } from '../../pbx/sip/headers';
import type { SipRequest, SipResponse } from '../../pbx/sip/message';
import { formatUri } from '../../pbx/sip/uri';
import { TEST_DOMAIN } from './pbx';
import { requestWithDigest, type RawSipClient } from './raw-sip-client';
import { respond } from './sip-peer';

/** `who` subscribes from `phone` to `watched`'s SIP number; the final response. */
export function subscribe(
  phone: RawSipClient,
  who: { sipNumber: string; password: string },
  watched: string,
  headers = ['Event: dialog', 'Expires: 600', 'Accept: application/dialog-info+xml'],
): Promise<SipResponse> {
  return requestWithDigest(phone, {
    method: 'SUBSCRIBE',
    uri: `sip:${watched}@${TEST_DOMAIN}`,
    sipNumber: who.sipNumber,
    password: who.password,
    headers,
  });
}

/** The subscriber's side of the NOTIFYs: each one waited for, answered 200, and kept. */
export class Watcher {
  readonly seen: SipRequest[] = [];
  constructor(
    readonly phone: RawSipClient,
    readonly ok: SipResponse,
  ) {}

  get callId(): string {
    return this.ok.headers.get('call-id') ?? '';
  }

  /** The next NOTIFY of this subscription, within `ms`; answered 200 as a phone does. */
  async next(ms = 1000): Promise<{ notify: SipRequest; xml: string }> {
    const notify = await this.phone.waitForRequest(
      (r) => r.method === 'NOTIFY' && r.callId === this.callId && !this.seen.includes(r),
      ms,
    );
    this.seen.push(notify);
    respond(this.phone, notify, 200);
    return { notify, xml: notify.body.toString('utf8') };
  }

  /** A SUBSCRIBE inside the subscription's dialog (a refresh, or `Expires: 0` to end it). */
  async refresh(expires: string, cseq: number): Promise<SipResponse> {
    const target = formatUri(parseNameAddr(this.ok.headers.get('contact') ?? '').uri);
    const lines = [
      `SUBSCRIBE ${target} SIP/2.0`,
      `Via: SIP/2.0/${this.phone.transport.toUpperCase()} 127.0.0.1:${this.phone.localPort()};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: ${this.ok.headers.get('from')}`,
      `To: ${this.ok.headers.get('to')}`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${cseq} SUBSCRIBE`,
      `Contact: <sip:x@127.0.0.1:${this.phone.localPort()}>`,
      'Event: dialog',
      `Expires: ${expires}`,
      'Content-Length: 0',
      '',
      '',
    ];
    this.phone.send(lines.join('\r\n'));
    return this.phone.waitFor(
      (r) => r.callId === this.callId && r.headers.get('cseq') === `${cseq} SUBSCRIBE`,
    );
  }
}

/** The `<state>` of the first dialog in a dialog-info document. */
export const stateOf = (xml: string) => /<state[^>]*>(\w+)<\/state>/.exec(xml)?.[1];
