/**
 * The one audio format announcements are kept in: RIFF WAVE, PCM (format 1), 16-bit, mono,
 * 8 kHz — telephone audio, which rtpengine encodes to G.711 without resampling. `readWav`
 * says in a sentence what is wrong with any other file; `writeWav` wraps samples again.
 */
export const WAV_SAMPLE_RATE = 8000;
/** The longest announcement: rtpengine gets it in one ng datagram (`alawWav`), at most 64 KB. */
export const WAV_MAX_SECONDS = 7;

/** Why a file is not an announcement; the message is for the admin who sent it. */
export class WavFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavFormatError';
  }
}

/** The samples of a valid file: 16-bit little-endian PCM, mono, 8 kHz. */
export interface Wav {
  pcm: Buffer;
  /** Its length in milliseconds. */
  durationMs: number;
}

const REQUIRED = 'an announcement must be a WAV file of 16-bit PCM, mono, 8000 Hz';

/** Reads a WAV file; throws `WavFormatError` naming the problem for anything else. */
export function readWav(file: Buffer): Wav {
  if (file.length < 12 || file.toString('latin1', 0, 4) !== 'RIFF') {
    throw new WavFormatError(`not a WAV file (no RIFF header): ${REQUIRED}`);
  }
  if (file.toString('latin1', 8, 12) !== 'WAVE') {
    throw new WavFormatError(`not a WAV file (a RIFF file of another kind): ${REQUIRED}`);
  }
  let format: Buffer | undefined;
  let data: Buffer | undefined;
  for (let offset = 12; offset + 8 <= file.length;) {
    const id = file.toString('latin1', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = file.subarray(offset + 8, Math.min(file.length, offset + 8 + size));
    if (id === 'fmt ') format = body;
    if (id === 'data') data = body;
    offset += 8 + size + (size % 2); // chunks are padded to an even length
  }
  if (!format || format.length < 16) throw new WavFormatError(`the WAV file has no format chunk`);
  const [encoding, channels, rate, bits] = [
    format.readUInt16LE(0),
    format.readUInt16LE(2),
    format.readUInt32LE(4),
    format.readUInt16LE(14),
  ];
  const problems = [
    encoding === 1 || encoding === 0xfffe ? '' : `encoding ${encoding} is not PCM`,
    channels === 1 ? '' : `${channels} channels, not mono`,
    rate === WAV_SAMPLE_RATE ? '' : `${rate} Hz, not ${WAV_SAMPLE_RATE} Hz`,
    bits === 16 ? '' : `${bits}-bit, not 16-bit`,
  ].filter(Boolean);
  if (problems.length > 0) throw new WavFormatError(`${problems.join(', ')}: ${REQUIRED}`);
  if (!data || data.length < 2) throw new WavFormatError('the WAV file has no audio');
  const pcm = data.subarray(0, data.length - (data.length % 2));
  const durationMs = Math.round((pcm.length / 2 / WAV_SAMPLE_RATE) * 1000);
  if (durationMs > WAV_MAX_SECONDS * 1000) {
    throw new WavFormatError(
      `the recording lasts ${(durationMs / 1000).toFixed(1)} s; at most ${WAV_MAX_SECONDS} s`,
    );
  }
  return { pcm, durationMs };
}

/** A WAV file of 16-bit PCM samples (`bytesPerSample` 2) or G.711 A-law ones (1), mono, 8 kHz. */
export function writeWav(samples: Buffer, bytesPerSample: 1 | 2 = 2): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(bytesPerSample === 2 ? 1 : 6, 20); // PCM or A-law
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(WAV_SAMPLE_RATE, 24);
  header.writeUInt32LE(WAV_SAMPLE_RATE * bytesPerSample, 28); // bytes a second
  header.writeUInt16LE(bytesPerSample, 32); // bytes a frame
  header.writeUInt16LE(bytesPerSample * 8, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(samples.length, 40);
  return Buffer.concat([header, samples]);
}

/**
 * The samples as a G.711 A-law WAV file, half the size: what the PBX hands rtpengine, whose
 * ng requests travel in one UDP datagram (at most 64 KB, about 8 s of A-law).
 */
export function alawWav(pcm: Buffer): Buffer {
  const alaw = Buffer.alloc(pcm.length >> 1);
  for (let i = 0; i < alaw.length; i++) alaw[i] = linearToAlaw(pcm.readInt16LE(i * 2));
  return writeWav(alaw, 1);
}

/** ITU-T G.711 A-law encoding of one 16-bit sample. */
function linearToAlaw(sample: number): number {
  const sign = sample >= 0 ? 0x80 : 0;
  let magnitude = Math.min(sample >= 0 ? sample : -sample - 1, 32767) >> 3;
  let segment = 0;
  while (magnitude >= 32 && segment < 7) {
    magnitude >>= 1;
    segment++;
  }
  const mantissa = segment === 0 ? magnitude >> 1 : magnitude & 0x0f;
  return ((segment << 4) | mantissa | sign) ^ 0x55;
}
