import { hasUnsafeCharacters } from '../shared/desktop/unsafe-text';
import type { Logger } from './ipc/handle';

/** The link schemes the app is registered for; each opens the dialer with the number. */
export const DIAL_LINK_SCHEMES = ['tel', 'sip', 'callto'] as const;

/** Longer links are refused unread: no phone number needs that many characters. */
export const MAX_LINK_LENGTH = 256;

/** Why a link was refused; logged instead of the link itself. */
export type LinkRefusal =
  | 'not-text'
  | 'too-long'
  | 'control-characters'
  | 'scheme'
  | 'encoding'
  | 'query-or-fragment'
  | 'parameters'
  | 'host'
  | 'not-a-number';

/** A link read: the number to dial, or why it was refused (and its scheme, when it had one). */
export type LinkReading = { number: string } | { refused: LinkRefusal; scheme?: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** What people and web pages put between digits: spaces, parentheses, dots, dashes. */
const VISUAL_SEPARATORS = /[ ().\-\u00a0\u2010-\u2015]/g;
const NUMBER = /^\+?\d{2,20}$/;
/** An RFC 3966 / RFC 3261 parameter: `phone-context=+7812`, `ext=12`, `user=phone`. */
const PARAMETER = /^[a-z0-9-]{1,32}(=[a-z0-9+\-._~:@/]{1,64})?$/i;
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-f:.]+\\])(?::\\d{1,5})?$`, 'i');

/**
 * Reads a `tel:`, `sip:` or `callto:` link into the number to dial: digits with an optional
 * leading `+`, visual separators dropped (`tel:+7 (812) 123-45-67` → `+78121234567`),
 * percent-encoding decoded, `;phone-context` and other parameters checked and ignored, the
 * host of a SIP URI checked and ignored. Anything else is refused: other schemes, letters
 * (a SIP user must be a number), markup, control characters, `?`/`#`, over-long links.
 */
export function readDialLink(link: unknown): LinkReading {
  if (typeof link !== 'string') return { refused: 'not-text' };
  if (link.length > MAX_LINK_LENGTH) return { refused: 'too-long', scheme: schemeOf(link) };
  if (hasUnsafeCharacters(link)) return { refused: 'control-characters', scheme: schemeOf(link) };
  const scheme = schemeOf(link);
  if (!scheme || !isDialScheme(scheme)) return { refused: 'scheme', scheme };
  const refuse = (refused: LinkRefusal): LinkReading => ({ refused, scheme });
  // `callto://+7…` (Skype's form) and `tel://…` as some pages write them.
  const rest = link.slice(scheme.length + 1).replace(/^\/\//, '');
  if (/[?#]/.test(rest)) return refuse('query-or-fragment');
  const decoded = decode(rest);
  if (decoded === undefined) return refuse('encoding');
  if (hasUnsafeCharacters(decoded)) return refuse('control-characters');
  if (/[?#]/.test(decoded)) return refuse('query-or-fragment');
  const [target = '', ...parameters] = decoded.split(';');
  if (!parameters.every((parameter) => PARAMETER.test(parameter))) return refuse('parameters');
  const user = scheme === 'sip' ? sipUser(target) : target;
  if (user === undefined) return refuse('host');
  const number = user.replace(VISUAL_SEPARATORS, '');
  return NUMBER.test(number) ? { number } : refuse('not-a-number');
}

/** The number of a dial link, or undefined after logging why it was refused (never the link). */
export function parseDialLink(link: unknown, log: Logger = console): string | undefined {
  const reading = readDialLink(link);
  if ('number' in reading) return reading.number;
  const length = typeof link === 'string' ? `, ${link.length} characters` : '';
  log.warn(`links: refused a ${reading.scheme ?? 'malformed'} link (${reading.refused}${length})`);
  return undefined;
}

/** The first dial link among command-line arguments (Windows and Linux hand links over so). */
export function findDialLinkInArgv(argv: readonly string[]): string | undefined {
  return argv.find((arg) => isDialScheme(SCHEME.exec(arg)?.[1]));
}

function isDialScheme(scheme: string | undefined): boolean {
  return (DIAL_LINK_SCHEMES as readonly string[]).includes(scheme?.toLowerCase() ?? '');
}

/** The scheme in lower case, if it is short and plain enough to be logged. */
function schemeOf(link: string): string | undefined {
  const scheme = SCHEME.exec(link)?.[1]?.toLowerCase();
  return scheme && scheme.length <= 16 ? scheme : undefined;
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The user part of `user@host` when the host is a plain host name or address; `user` alone too. */
function sipUser(target: string): string | undefined {
  const at = target.indexOf('@');
  if (at < 0) return target;
  const host = target.slice(at + 1);
  return HOST.test(host) ? target.slice(0, at) : undefined;
}
