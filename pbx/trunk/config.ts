import { isIP } from 'node:net';
import { z } from 'zod';

/** A carrier trunk: where calls to outside numbers go, and whose requests are trusted. */
export interface TrunkConfig {
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
}

const TRUNK = /^(udp|tcp):(\[[0-9a-f:]+\]|[^:\s]+):(\d{1,5})$/i;

/** Parses `udp:HOST:PORT` or `tcp:HOST:PORT` (the `--trunk` option). */
export const trunkSchema = z.string().transform((text, ctx): TrunkConfig => {
  const match = TRUNK.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535 || !isIP(match[2]!.replace(/^\[|\]$/g, ''))) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be udp:HOST:PORT or tcp:HOST:PORT with HOST an IP address',
    });
    return z.NEVER;
  }
  return {
    transport: match[1]!.toLowerCase() as TrunkConfig['transport'],
    host: match[2]!.replace(/^\[|\]$/g, ''),
    port,
  };
});
