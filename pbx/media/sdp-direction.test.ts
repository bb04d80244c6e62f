import { describe, expect, it } from 'vitest';
import { isHoldOffer } from './sdp-direction';

const sdp = (...lines: string[]) =>
  ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', ...lines, ''].join(
    '\r\n',
  );

describe('whether an offer holds the call', () => {
  it('sendonly or inactive audio holds; sendrecv, recvonly or no direction does not', () => {
    expect(isHoldOffer(sdp('m=audio 4000 RTP/AVP 0', 'a=sendonly'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 4000 RTP/AVP 0', 'a=inactive'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 4000 RTP/AVP 0', 'a=sendrecv'))).toBe(false);
    expect(isHoldOffer(sdp('m=audio 4000 RTP/AVP 0', 'a=recvonly'))).toBe(false);
    expect(isHoldOffer(sdp('m=audio 4000 RTP/AVP 0'))).toBe(false);
  });

  it('a session-level direction counts unless the stream names its own', () => {
    expect(isHoldOffer(sdp('a=sendonly', 'm=audio 4000 RTP/AVP 0'))).toBe(true);
    expect(isHoldOffer(sdp('a=sendonly', 'm=audio 4000 RTP/AVP 0', 'a=sendrecv'))).toBe(false);
  });

  it('the old c=0.0.0.0 holds; a rejected stream or video alone does not count', () => {
    expect(isHoldOffer(sdp('m=audio 4000 RTP/AVP 0', 'c=IN IP4 0.0.0.0'))).toBe(true);
    expect(isHoldOffer(sdp('m=audio 0 RTP/AVP 0', 'a=sendonly'))).toBe(false);
    expect(isHoldOffer(sdp('m=video 4002 RTP/AVP 96', 'a=inactive'))).toBe(false);
  });
});
