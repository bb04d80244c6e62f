/**
 * The one audio format announcements are kept in: RIFF WAVE, PCM (format 1), 16-bit, mono,
 * 8 kHz — telephone audio, which rtpengine encodes to G.711 without resampling. `readWav`
 * says in a sentence what is wrong with any other file (`shared/announcement-wav.ts`, the check
 * the Admin tab runs too); `writeWav` wraps samples again.
 */
import {
  checkWav,
  WAV_MAX_SECONDS,
  WAV_SAMPLE_RATE,
  wavProblemText,
} from '../../shared/announcement-wav';

export { WAV_MAX_SECONDS, WAV_SAMPLE_RATE };

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

/** Reads a WAV file; throws `WavFormatError` naming the problem for anything else. */
export function readWav(file: Buffer): Wav {
  const checked = checkWav(file);
  if (!checked.ok) throw new WavFormatError(wavProblemText(checked.problem));
  const { dataOffset, dataLength, durationMs } = checked;
  return { pcm: file.subarray(dataOffset, dataOffset + dataLength), durationMs };
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
