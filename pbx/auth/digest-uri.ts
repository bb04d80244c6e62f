import { parseUri, type SipUri } from '../sip/uri';

/** URI parameters that take part in comparing two SIP URIs (RFC 3261 §19.1.4). */
const COMPARED_PARAMS = ['transport', 'user', 'ttl', 'method', 'maddr'] as const;

/**
 * Whether a digest answer's `uri` names the request it came with (RFC 7616 §3.4.6: the server
 * checks it against the Request-URI). Without this check an answer captured from one request
 * authenticates another: a call to a colleague replayed as a call to an outside number.
 * Compared as RFC 3261 §19.1.4 compares URIs: scheme, user, password and port exactly, the
 * host without regard to case, the parameters that matter and the URI headers.
 *
 * Unless `strict`, the Request-URI less its user part is accepted too: SIPp always answers with
 * `sip:HOST:PORT` of the server it talks to (it has no way to name the Request-URI). Such an
 * answer is still bound to its nonce-count, so it cannot be replayed; only a client that itself
 * leaves the user out gives that up.
 */
export function digestUriMatches(digestUri: string, requestUri: SipUri, strict = false): boolean {
  let uri: SipUri;
  try {
    uri = parseUri(digestUri);
  } catch {
    // A digest uri that does not parse names no Request-URI: the answer is refused.
    return false;
  }
  if (sameUri(uri, requestUri)) return true;
  return !strict && uri.user === undefined && sameUri(uri, { ...requestUri, user: undefined });
}

function sameUri(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme || a.user !== b.user) return false;
  if (a.password !== b.password || a.port !== b.port) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  for (const name of COMPARED_PARAMS) {
    const [x, y] = [a.params[name] ?? '', b.params[name] ?? ''];
    if (x.toLowerCase() !== y.toLowerCase()) return false;
  }
  const headers = new Set([...Object.keys(a.headers), ...Object.keys(b.headers)]);
  for (const name of headers) if (a.headers[name] !== b.headers[name]) return false;
  return true;
}
