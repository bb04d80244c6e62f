/** What the dialog layer's objects share: bodies, extra headers, and the owner's fault barrier. */
import type { SipMessage } from '../message';

/** A message body and its Content-Type. */
export interface Body {
  type: string;
  data: Buffer;
}

/** What a request or response carries besides the fields the dialog layer writes itself. */
export interface Extra {
  body?: Body;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Runs one piece of a call's work (a response, a timer, an incoming request): what it throws is
 * the owner's fault (it ends that call), never the process. Every asynchronous entry point of a
 * UAS, UAC or dialog goes through its guard.
 */
export type Guard = (where: string, work: () => void) => void;

/** Digest credentials for the far end's 401/407 challenges. */
export interface Credentials {
  username: string;
  password: string;
}

/** A message's body, when it has one (Content-Type defaults to SDP). */
export function bodyOf(message: SipMessage): Body | undefined {
  if (message.body.length === 0) return undefined;
  return { type: message.headers.get('content-type') ?? 'application/sdp', data: message.body };
}

/** Writes the extra headers and the body into a message the dialog layer builds. */
export function addExtra(message: SipMessage, extra: Extra = {}): void {
  for (const [name, value] of Object.entries(extra.headers ?? {})) message.headers.set(name, value);
  if (!extra.body || extra.body.data.length === 0) return;
  message.body = extra.body.data;
  message.headers.set('content-type', extra.body.type);
}

/** The methods a peer's `Allow` lists, upper-cased. */
export function allowedMethods(message: SipMessage): Set<string> {
  const methods = message.headers
    .getAll('allow')
    .flatMap((value) => value.split(','))
    .map((method) => method.trim().toUpperCase())
    .filter(Boolean);
  return new Set(methods);
}
