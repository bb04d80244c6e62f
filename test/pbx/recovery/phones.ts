import type { SipRequest, SipResponse } from '../../../pbx/sip/message';
import { RawSipClient, requestWithDigest } from '../../support/raw-sip-client';
import { TEST_DOMAIN, type TestEmployee } from '../../support/pbx';
import { respond } from '../../support/sip-peer';

const SDP =
  'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n';

/** Phones the recovery tests open, closed together at the end. */
const opened: RawSipClient[] = [];

export async function udpPhone(sipPort: number): Promise<RawSipClient> {
  const phone = await RawSipClient.connect('udp', sipPort);
  opened.push(phone);
  return phone;
}

export function closePhones(): void {
  for (const phone of opened.splice(0)) phone.close();
}

/**
 * Answers every INVITE (200 with SDP) and every BYE (200) the PBX sends to the phone, as a
 * phone set to auto-answer does. Returns a function that stops answering.
 */
export function autoAnswer(phone: RawSipClient): () => void {
  let seen = 0;
  // A retransmission is answered as its first copy was: the same To tag.
  const first = new Map<string, SipRequest>();
  const timer = setInterval(() => {
    for (const request of phone.requests.slice(seen)) {
      if (request.method !== 'INVITE' && request.method !== 'BYE') continue;
      const key = `${request.headers.get('call-id')} ${request.headers.get('cseq')}`;
      if (!first.has(key)) first.set(key, request);
      respond(phone, first.get(key) ?? request, 200);
    }
    seen = phone.requests.length;
  }, 10);
  return () => clearInterval(timer);
}

/** A call from a new phone of `caller` to `callee`'s number; the final response. */
export async function call(
  sipPort: number,
  caller: TestEmployee,
  callee: TestEmployee,
): Promise<{ response: SipResponse; phone: RawSipClient }> {
  const phone = await udpPhone(sipPort);
  const response = await requestWithDigest(phone, {
    method: 'INVITE',
    uri: `sip:${callee.sipNumber}@${TEST_DOMAIN}`,
    sipNumber: caller.sipNumber,
    password: caller.password,
    headers: ['Content-Type: application/sdp'],
    body: SDP,
  });
  return { response, phone };
}
