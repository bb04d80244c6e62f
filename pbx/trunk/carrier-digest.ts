import { createHash } from 'node:crypto';
import { expectedDigestResponse } from '../auth/digest';
import { formatAuthParams } from '../sip/headers';
import type { SipRequest, SipResponse } from '../sip/message';
import { formatUri } from '../sip/uri';
import { plainToken } from './back-to-back-call';

/** Answers a carrier's digest challenge (RFC 2617, MD5, qop=auth when offered). */
export function digestAuthorization(
  request: SipRequest,
  challenge: SipResponse,
  credentials: { username: string; password: string },
): { name: string; value: string } {
  const proxy = challenge.status === 407;
  const params = challenge.challenge?.params ?? {};
  const realm = params.realm ?? '';
  const uri = formatUri(request.uri);
  const ha1 = md5(`${credentials.username}:${realm}:${credentials.password}`);
  const qop = params.qop
    ?.split(',')
    .map((q) => q.trim())
    .includes('auth')
    ? 'auth'
    : undefined;
  const answer = {
    username: credentials.username,
    realm,
    nonce: params.nonce ?? '',
    uri,
    response: '',
    ...(qop ? { qop, nc: '00000001', cnonce: plainToken(8) } : {}),
  };
  answer.response = expectedDigestResponse(ha1, request.method, answer);
  const value = formatAuthParams(
    {
      scheme: 'Digest',
      params: { ...answer, algorithm: 'MD5', ...(params.opaque ? { opaque: params.opaque } : {}) },
    },
    'credentials',
  );
  return { name: proxy ? 'proxy-authorization' : 'authorization', value };
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
