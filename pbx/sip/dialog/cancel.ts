import { copyUri } from '../../routing/message-copy';
import { SipHeaders, SipRequest } from '../message';

/**
 * The CANCEL of an INVITE the PBX sent (RFC 3261 §9.1): the same Request-URI, Call-ID, From,
 * To, Route and CSeq number, and only the INVITE's top Via, so it matches the INVITE's client
 * transaction at the far end. The one CANCEL builder of the PBX (the proxy's branches and the
 * dialog layer's UAC).
 */
export function buildCancel(invite: SipRequest, reason?: string | null): SipRequest {
  const source = invite.headers;
  const headers = new SipHeaders().set('via', source.getAll('via').slice(0, 1));
  for (const name of ['max-forwards', 'from', 'to', 'call-id', 'route']) {
    const values = source.getAll(name);
    if (values.length > 0) headers.set(name, values);
  }
  if (!headers.has('max-forwards')) headers.set('max-forwards', '70');
  headers.set('cseq', `${invite.cseq?.seq ?? 1} CANCEL`);
  if (reason) headers.set('reason', reason);
  return new SipRequest('CANCEL', copyUri(invite.uri), headers);
}
