/** Turning an incoming INVITE into the caller fields of a CallInfo, as plain data. */
import { isSipUri } from '../../shared/sip-address';
import { parseLineHeader } from './lines';

/** The part of a JsSIP IncomingRequest these functions read. */
export interface InviteHeaders {
  getHeader(name: string): string | undefined;
  getHeaders?(name: string): string[];
  from?: { display_name?: string | null; uri?: { user?: string | null } | null } | null;
}

export interface IncomingCallFields {
  remoteNumber: string;
  remoteName?: string;
  waiting: boolean;
  line?: number;
  /** A colleague's transfer brought this call (`Referred-By`): their name or number. */
  transferredBy?: string;
}

export const CALL_WAITING_URN = 'urn:alert:service:call-waiting';

/** A name-addr (`"Anna" <sip:0462626@pbx>`, `Anna <sip:...>`, `<sip:...>`, `sip:...`). */
export function parseNameAddr(value: string): { name?: string; user?: string } {
  const text = value.trim();
  const angle = text.indexOf('<');
  let name: string | undefined;
  let uri = text;
  if (angle >= 0) {
    const display = text.slice(0, angle).trim();
    name = display.startsWith('"') ? unquote(display) : display || undefined;
    uri = text.slice(
      angle + 1,
      text.indexOf('>', angle) >= 0 ? text.indexOf('>', angle) : undefined,
    );
  }
  const user = /^(?:sips?|tel):([^@;?>]+)/i.exec(uri.trim())?.[1];
  return {
    ...(name ? { name } : {}),
    ...(user ? { user: decodeURIComponentSafe(user) } : {}),
  };
}

/** Caller number and name (P-Asserted-Identity preferred over From), waiting mark, X-Line. */
export function incomingCallFields(request: InviteHeaders): IncomingCallFields {
  const fromName = request.from?.display_name ?? undefined;
  const fromUser = request.from?.uri?.user ?? undefined;
  const pai = request.getHeader('P-Asserted-Identity');
  const asserted = pai ? parseNameAddr(pai.split(',')[0] ?? '') : {};
  const remoteNumber = asserted.user ?? fromUser ?? '';
  const remoteName = asserted.name ?? fromName ?? undefined;
  const alertInfo = (request.getHeaders?.('Alert-Info') ?? [request.getHeader('Alert-Info')]).join(
    ',',
  );
  const line = parseLineHeader(request.getHeader('X-Line'));
  const referredBy = parseNameAddr(request.getHeader('Referred-By') ?? '');
  const transferredBy = referredBy.name ?? referredBy.user;
  return {
    remoteNumber,
    ...(remoteName ? { remoteName } : {}),
    waiting: alertInfo.toLowerCase().includes(CALL_WAITING_URN),
    ...(line !== undefined ? { line } : {}),
    ...(transferredBy ? { transferredBy } : {}),
  };
}

/**
 * The request URI for what the user dialled: a SIP URI as it is (another server's dial rules
 * allow one), else a SIP number, E.164 number or user name at the account's domain.
 */
export function targetUri(target: string, domain: string): string {
  const text = target.trim();
  return isSipUri(text) ? text : `sip:${text}@${domain}`;
}

function unquote(text: string): string | undefined {
  const inner = text.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
  return inner || undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
