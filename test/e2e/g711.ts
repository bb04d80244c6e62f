/** G.711 (ITU-T G.711) samples decoded to 16-bit linear, to tell a voice from silence. */

/** µ-law (PCMU) byte to a linear sample. */
function ulaw(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

/** A-law (PCMA) byte to a linear sample. */
function alaw(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  magnitude += segment === 0 ? 8 : 0x108;
  if (segment > 1) magnitude <<= segment - 1;
  return a & 0x80 ? magnitude : -magnitude;
}

/**
 * The RMS level of G.711 payloads (payload type 0 PCMU, 8 PCMA; others ignored), in linear
 * 16-bit units: silence decodes to under 10, a tone or a voice to hundreds or thousands.
 */
export function g711Level(packets: readonly { payloadType: number; payload: Buffer }[]): number {
  let sum = 0;
  let count = 0;
  for (const { payloadType, payload } of packets) {
    const decode = payloadType === 0 ? ulaw : payloadType === 8 ? alaw : undefined;
    if (!decode) continue;
    for (const byte of payload) {
      const sample = decode(byte);
      sum += sample * sample;
      count++;
    }
  }
  return count === 0 ? 0 : Math.sqrt(sum / count);
}
