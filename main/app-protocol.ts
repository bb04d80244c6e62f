import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Protocol } from 'electron';

/**
 * The packaged renderer's own origin, `app://softphone`. Pages loaded from file: URLs all share
 * the origin "null" (as do sandboxed frames of any web site), so a PBX could not tell the
 * desktop app from a hostile page and would have to refuse it its API; a privileged standard
 * scheme gives the app an origin nobody else can claim (Electron's security checklist, item 18).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'softphone';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Declares the scheme; Electron allows this only before the app is ready. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Fetches a file: URL (Electron's `net.fetch`, which sets its Content-Type by extension). */
export type FileFetch = (url: string) => Promise<Response>;

/**
 * Serves `app://softphone/<path>` from the built renderer folder: the path resolved inside it
 * (never outside: `..` and encoded separators get 404), `/` as index.html, other hosts 404.
 */
export function serveRenderer(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  fetchFile: FileFetch,
): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = rendererFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    return fetchFile(pathToFileURL(file).href);
  });
}

/** The file a URL of the app scheme names inside `rendererDir`, or undefined. */
export function rendererFile(rendererDir: string, url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { protocol, host, pathname } = new URL(url);
  if (protocol !== `${APP_SCHEME}:` || host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined; // a malformed escape names no file of ours
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const root = resolve(rendererDir);
  const file = resolve(root, '.' + (path === '/' ? '/index.html' : path));
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || inside.split(sep).includes('..'))
    return undefined;
  return file;
}
