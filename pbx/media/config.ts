import { isIP } from 'node:net';
import { z } from 'zod';

/** Where rtpengine's ng control socket listens (`--listen-ng`). */
export interface RtpengineAddress {
  host: string;
  port: number;
}

const ADDRESS = /^([^:\s]+):(\d{1,5})$/;

/** Parses `HOST:PORT` (the `--rtpengine` option), HOST an IP address. */
export const rtpengineSchema = z.string().transform((text, ctx): RtpengineAddress => {
  const match = ADDRESS.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || !isIP(match[1]!) || port < 1 || port > 65535) {
    ctx.addIssue({ code: 'custom', message: 'must be IP:PORT of rtpengine’s ng socket' });
    return z.NEVER;
  }
  return { host: match[1]!, port };
});
