/**
 * What an announcement recording must be (SPEC §3 Announcements): RIFF WAVE, PCM, 16-bit, mono,
 * 8 kHz, at most 7 s (rtpengine gets it in one ng datagram). One check for the PBX, which refuses
 * anything else, and for the Admin tab, which says the same problem in the admin's language.
 */
export const WAV_SAMPLE_RATE = 8000;
/** The longest announcement: rtpengine gets it in one ng datagram (A-law), at most 64 KB. */
export const WAV_MAX_SECONDS = 7;

/** What is wrong with a file, as data: each side words it in its own language. */
export type WavProblem =
  | { kind: 'not-riff' }
  | { kind: 'not-wave' }
  | { kind: 'no-format' }
  | { kind: 'format'; encoding?: number; channels?: number; rate?: number; bits?: number }
  | { kind: 'no-audio' }
  | { kind: 'too-long'; seconds: number };

/** A valid file: where its samples are, and how long they last. */
export interface WavSamples {
  ok: true;
  /** Byte offset and length (even) of the 16-bit little-endian samples. */
  dataOffset: number;
  dataLength: number;
  durationMs: number;
}

const text = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** Reads the chunks of a WAV file: its samples, or the problem with it. */
export function checkWav(bytes: Uint8Array): WavSamples | { ok: false; problem: WavProblem } {
  const fail = (problem: WavProblem) => ({ ok: false as const, problem });
  if (bytes.length < 12 || text(bytes, 0, 4) !== 'RIFF') return fail({ kind: 'not-riff' });
  if (text(bytes, 8, 12) !== 'WAVE') return fail({ kind: 'not-wave' });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: DataView | undefined;
  let data: { offset: number; length: number } | undefined;
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const id = text(bytes, offset, offset + 4);
    const size = view.getUint32(offset + 4, true);
    const length = Math.min(bytes.length, offset + 8 + size) - (offset + 8);
    if (id === 'fmt ') format = new DataView(bytes.buffer, bytes.byteOffset + offset + 8, length);
    if (id === 'data') data = { offset: offset + 8, length };
    offset += 8 + size + (size % 2); // chunks are padded to an even length
  }
  if (!format || format.byteLength < 16) return fail({ kind: 'no-format' });
  const encoding = format.getUint16(0, true);
  const channels = format.getUint16(2, true);
  const rate = format.getUint32(4, true);
  const bits = format.getUint16(14, true);
  const wrong = {
    ...(encoding === 1 || encoding === 0xfffe ? {} : { encoding }),
    ...(channels === 1 ? {} : { channels }),
    ...(rate === WAV_SAMPLE_RATE ? {} : { rate }),
    ...(bits === 16 ? {} : { bits }),
  };
  if (Object.keys(wrong).length > 0) return fail({ kind: 'format', ...wrong });
  if (!data || data.length < 2) return fail({ kind: 'no-audio' });
  const dataLength = data.length - (data.length % 2);
  const durationMs = Math.round((dataLength / 2 / WAV_SAMPLE_RATE) * 1000);
  if (durationMs > WAV_MAX_SECONDS * 1000) {
    return fail({ kind: 'too-long', seconds: Math.round(durationMs / 100) / 10 });
  }
  return { ok: true, dataOffset: data.offset, dataLength, durationMs };
}

const REQUIRED = 'an announcement must be a WAV file of 16-bit PCM, mono, 8000 Hz';

/** The problem in the API's words (English), as `PUT /admin/announcements/…` answers it. */
export function wavProblemText(problem: WavProblem): string {
  switch (problem.kind) {
    case 'not-riff':
      return `not a WAV file (no RIFF header): ${REQUIRED}`;
    case 'not-wave':
      return `not a WAV file (a RIFF file of another kind): ${REQUIRED}`;
    case 'no-format':
      return 'the WAV file has no format chunk';
    case 'no-audio':
      return 'the WAV file has no audio';
    case 'too-long':
      return `the recording lasts ${problem.seconds.toFixed(1)} s; at most ${WAV_MAX_SECONDS} s`;
    case 'format': {
      const { encoding, channels, rate, bits } = problem;
      const parts = [
        encoding === undefined ? '' : `encoding ${encoding} is not PCM`,
        channels === undefined ? '' : `${channels} channels, not mono`,
        rate === undefined ? '' : `${rate} Hz, not ${WAV_SAMPLE_RATE} Hz`,
        bits === undefined ? '' : `${bits}-bit, not 16-bit`,
      ].filter(Boolean);
      return `${parts.join(', ')}: ${REQUIRED}`;
    }
  }
}
