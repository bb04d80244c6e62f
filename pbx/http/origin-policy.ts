import type http from 'node:http';

/**
 * The desktop app's origins: `app://softphone`, the packaged renderer's own scheme
 * (main/app-protocol.ts), and `file://`, which Electron sent for WebSockets of builds that
 * loaded the page from a file. Chromium and Firefox send `null` for a local file, and
 * sandboxed frames of any site do too, so `null` is not let in.
 */
export const DESKTOP_APP_ORIGINS: readonly string[] = ['app://softphone', 'file://'];

/**
 * Which pages may open the PBX's WebSockets (SIP and live updates; issue 20): the PBX's own pages
 * (the web softphone: an Origin naming the host the request came to, as the browser sent it in
 * `Host`), the desktop app, and the origins an operator allows. A request without Origin is not
 * from a browser page (an IP phone, a script, JsSIP in Node): browsers always send it on a
 * WebSocket, so there is no page to guard against, and it is let in.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;
  private readonly any: boolean;

  constructor(allowedOrigins: readonly string[] = []) {
    const origins = allowedOrigins.map(normaliseOrigin);
    this.any = origins.includes('*');
    this.allowed = new Set([...DESKTOP_APP_ORIGINS, ...origins]);
  }

  allows(request: http.IncomingMessage): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    if (this.allowsCrossOrigin(origin)) return true;
    return sameHost(origin, request.headers.host);
  }

  /**
   * Pages of another origin that may read the HTTP API (CORS): the desktop app and the origins
   * an operator allows. The API takes bearer tokens, never cookies, so this lends them nothing
   * they did not already hold.
   */
  allowsCrossOrigin(origin: string): boolean {
    return this.any || this.allowed.has(normaliseOrigin(origin));
  }
}

/** "HTTPS://Pbx.Example.com:443/" → "https://pbx.example.com" (the form browsers send). */
function normaliseOrigin(origin: string): string {
  const trimmed = origin.trim();
  const lower = trimmed.toLowerCase();
  // Node gives non-web schemes the origin "null": the desktop app's are compared as text.
  if (trimmed === '*' || DESKTOP_APP_ORIGINS.includes(lower)) return lower;
  try {
    return new URL(trimmed).origin;
  } catch {
    // Not a URL: compared as the text it is, so it matches only itself.
    return trimmed.toLowerCase();
  }
}

/** The page is the PBX's own: its origin names the host the request was sent to. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    // An Origin that is not a URL names no page of ours.
    return false;
  }
}
