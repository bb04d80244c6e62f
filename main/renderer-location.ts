import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The local demo PBX that `npm start` runs, when PBX_URL is not given. */
export const DEV_PBX_URL = 'http://127.0.0.1:8080/';

/**
 * Where the renderer comes from: the built `out/renderer/index.html` when packaged, else the
 * PBX that serves it at `/` (PBX_URL). `outDir` is the `out/` folder the bundles sit in.
 */
export function rendererLocation(isPackaged: boolean, outDir: string, pbxUrl?: string): string {
  if (isPackaged) return pathToFileURL(join(outDir, 'renderer', 'index.html')).href;
  return new URL(pbxUrl || DEV_PBX_URL).href;
}

/** A URL predicate that is true only for pages of our renderer. */
export type TrustedUrl = (url: string | undefined) => boolean;

/**
 * Our own pages: the packaged `index.html` itself (every file:// URL has the origin "null",
 * so the path is compared), or any page of the PBX origin the renderer was loaded from.
 */
export function rendererTrust(rendererUrl: string): TrustedUrl {
  const ours = new URL(rendererUrl);
  return (url) => {
    if (!url || !URL.canParse(url)) return false;
    const candidate = new URL(url);
    if (ours.protocol === 'file:') {
      return (
        candidate.protocol === 'file:' &&
        candidate.host === ours.host &&
        candidate.pathname === ours.pathname
      );
    }
    return candidate.origin === ours.origin;
  };
}
