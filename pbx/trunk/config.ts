import { isIP } from 'node:net';
import { z } from 'zod';

/** A carrier trunk: where calls to outside numbers go, and whose requests are trusted. */
export interface TrunkConfig {
  transport: 'udp' | 'tcp';
  host: string;
  port: number;
  /** Digest credentials for the carrier's 401/407 challenges, when it asks for them. */
  username?: string;
  password?: string;
  /** How numbers are written toward the carrier: `+78121234567`, `78121234567` or `88121234567`. */
  numberFormat?: NumberFormat;
}

export const NUMBER_FORMATS = ['e164', 'digits', 'national'] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

/** An E.164 number (or a short emergency number) as the carrier wants it written. */
export function formatForCarrier(number: string, format: NumberFormat = 'e164'): string {
  if (!number.startsWith('+') || format === 'e164') return number;
  if (format === 'national' && number.startsWith('+7')) return `8${number.slice(2)}`;
  return number.slice(1);
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
