/** The UAC side of digest authentication: answering a carrier's 401/407 (RFC 2617, MD5). */
import { createHash } from 'node:crypto';
import { expectedDigestResponse } from '../../auth/digest';
import { formatAuthParams } from '../headers';
import type { SipRequest, SipResponse } from '../message';
import { plainToken } from '../random-token';
import { formatUri } from '../uri';
import type { Credentials } from './types';

/** The Authorization (401) or Proxy-Authorization (407) answering a challenge; qop=auth when offered. */
export function digestAuthorization(
  request: SipRequest,
  challenge: SipResponse,
  credentials: Credentials,
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

/** Whether a final response is a challenge the UAC can answer once with these credentials. */
export function answerableChallenge(response: SipResponse, credentials?: Credentials): boolean {
  return (response.status === 401 || response.status === 407) && credentials !== undefined;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
