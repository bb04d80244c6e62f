/**
 * Whether an offer puts a call on hold (RFC 3264 §8.4, RFC 6337 §5.3): every audio stream it
 * keeps is `sendonly` or `inactive` (media level, else session level), or its connection
 * address is the old RFC 2543 `0.0.0.0`. Read for the `dialog` event package's hold mark.
 */
const HOLDING = new Set(['sendonly', 'inactive']);
const DIRECTIONS = new Set(['sendonly', 'inactive', 'recvonly', 'sendrecv']);

export function isHoldOffer(sdp: string): boolean {
  let sessionDirection = 'sendrecv';
  let streams = 0;
  let held = 0;
  let stream: { direction?: string; active: boolean } | undefined;
  let zeroAddress = false;
  const close = () => {
    if (!stream?.active) return;
    streams++;
    if (HOLDING.has(stream.direction ?? sessionDirection)) held++;
  };
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      close();
      const [media, port] = line.slice(2).split(' ');
      stream = { active: media === 'audio' && port !== '0' };
    } else if (line.startsWith('a=') && DIRECTIONS.has(line.slice(2).trim())) {
      const direction = line.slice(2).trim();
      if (stream) stream.direction = direction;
      else sessionDirection = direction;
    } else if (/^c=IN IP4 0\.0\.0\.0\s*$/.test(line)) {
      zeroAddress = true;
    }
  }
  close();
  return streams > 0 && (held === streams || zeroAddress);
}
