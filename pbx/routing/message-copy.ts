import { copyDictionary } from '../sip/dictionary';
import { SipRequest, type SipResponse } from '../sip/message';
import type { SipUri } from '../sip/uri';

export function copyUri(uri: SipUri): SipUri {
  return { ...uri, params: copyDictionary(uri.params), headers: copyDictionary(uri.headers) };
}

export function copyRequest(request: SipRequest): SipRequest {
  return new SipRequest(
    request.method,
    copyUri(request.uri),
    request.headers.clone(),
    request.body,
  );
}

/**
 * Makes a received response the one forwarded upstream: the PBX's own Via removed (RFC 3261
 * §16.7 step 3), in place: the transaction has matched it already, and a copy per forwarded
 * response was a tenth of what a proxied call allocates.
 */
export function dropTopVia(response: SipResponse): SipResponse {
  response.headers.set('via', response.headers.getAll('via').slice(1));
  return response;
}
