import { describe, expect, it } from 'vitest';
import { SipRequest } from '../sip/message';
import { parseUri } from '../sip/uri';
import { hasSdp, sdpOf, setSdp } from './sdp-body';

const SDP = 'v=0\r\nm=audio 4000 RTP/AVP 0\r\n';

function message(contentType: string | undefined, body: string): SipRequest {
  const request = new SipRequest('INFO', parseUri('sip:0100001@pbx.test'));
  if (contentType) request.headers.set('content-type', contentType);
  request.body = Buffer.from(body, 'latin1');
  return request;
}

const multipart = (sdp: string) =>
  [
    'preamble',
    '--xyz',
    'Content-Type: text/plain',
    '',
    'caf\xe9',
    '--xyz',
    'Content-Type: Application/SDP; charset=utf-8',
    '',
    sdp,
    '--xyz--',
    'epilogue',
  ].join('\r\n');

describe('sdp-body: only SDP goes to the bridge', () => {
  it.each([
    ['message/sipfrag;version=2.0', 'SIP/2.0 200 OK\r\n'],
    ['application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n'],
    ['application/dtmf', '5'],
    [undefined, SDP],
    ['multipart/mixed;boundary=xyz', '--xyz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--xyz--'],
    ['multipart/mixed', multipart(SDP)],
  ])('%s is not SDP', (type, body) => {
    expect(hasSdp(message(type, body))).toBe(false);
  });

  it('application/sdp is, whatever its case and parameters', () => {
    expect(sdpOf(message('Application/SDP; charset=utf-8', SDP))).toBe(SDP);
    expect(sdpOf(message('application/sdp', ''))).toBeUndefined();
  });

  it('a multipart body: the SDP part is read and replaced, every other byte kept', () => {
    const request = message('multipart/mixed;boundary="xyz"', multipart(SDP));
    expect(sdpOf(request)).toBe(SDP);
    setSdp(request, 'v=0\r\nm=audio 5000 RTP/AVP 8\r\n');
    expect(request.body.toString('latin1')).toBe(multipart('v=0\r\nm=audio 5000 RTP/AVP 8\r\n'));
    expect(request.headers.get('content-type')).toBe('multipart/mixed;boundary="xyz"');
  });

  it('a plain SDP body is replaced whole', () => {
    const request = message('application/sdp', SDP);
    setSdp(request, 'v=0\r\n');
    expect(request.body.toString()).toBe('v=0\r\n');
  });
});
