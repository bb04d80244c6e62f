import { APP_ORIGIN } from './app-protocol';

/** The local demo PBX that `npm start` runs, when PBX_URL is not given. */
export const DEV_PBX_URL = 'http://127.0.0.1:8080/';

/**
 * Where the renderer comes from: the built `out/renderer/` served as `app://softphone/` when
 * packaged (app-protocol.ts), else the PBX that serves it at `/` (PBX_URL).
 */
export function rendererLocation(isPackaged: boolean, pbxUrl?: string): string {
  if (isPackaged) return `${APP_ORIGIN}/index.html`;
  return new URL(pbxUrl || DEV_PBX_URL).href;
}

/** A URL predicate that is true only for pages of our renderer. */
export type TrustedUrl = (url: string | undefined) => boolean;

/**
 * Our own pages: any page of the origin the renderer was loaded from, the PBX's or the app's.
 * Node gives URLs of a non-web scheme (`app:`, `file:`) the origin "null", so for those the
 * scheme and host are compared instead.
 */
export function rendererTrust(rendererUrl: string): TrustedUrl {
  const ours = new URL(rendererUrl);
  const web = ours.protocol === 'http:' || ours.protocol === 'https:';
  return (url) => {
    if (!url || !URL.canParse(url)) return false;
    const candidate = new URL(url);
    if (web) return candidate.origin === ours.origin;
    return candidate.protocol === ours.protocol && candidate.host === ours.host && ours.host !== '';
  };
}
