import type { FastifyInstance } from 'fastify';

/**
 * The web softphone's Content-Security-Policy: what renderer/index.html declares (and the desktop
 * window enforces, main/session-policy.ts), plus what only a header can say (frame-ancestors).
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' http: https: ws: wss:",
  "media-src 'self' blob: mediastream:",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** API responses carry tokens, passwords and personal data: no cache may keep them. */
const NO_STORE_PREFIX = '/api/';

/**
 * Security headers on every response, and `Cache-Control: no-store` on the API's (sign-in
 * tokens, a reset password, credentials): set at the edge so that no route can forget them.
 */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (request.url.startsWith(NO_STORE_PREFIX)) reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** Source maps are not served: they would hand out the renderer's sources. */
export const servesFile = (path: string): boolean => !path.endsWith('.map');
