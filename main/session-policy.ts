import type { Session } from 'electron';
import type { TrustedUrl } from './renderer-location';

/** The Content-Security-Policy of our pages (the built index.html carries the same one). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' http: https: ws: wss:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
].join('; ');

/**
 * Locks the session down: our pages get the strict CSP, and only they may use the
 * microphone (audio only, never the camera) and notifications; every other permission is denied.
 */
export function applySessionPolicy(session: Session, isTrusted: TrustedUrl): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrusted(details.url)) return callback({});
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({
      responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    if (!isTrusted(details.requestingUrl)) return callback(false);
    if (permission === 'notifications') return callback(true);
    if (permission !== 'media') return callback(false);
    const types = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(types.length > 0 && types.every((type) => type === 'audio'));
  });

  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => {
    if (!isTrusted(details.requestingUrl ?? requestingOrigin)) return false;
    if (permission === 'notifications') return true;
    return permission === 'media' && details.mediaType === 'audio';
  });
}
