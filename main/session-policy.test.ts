import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { rendererTrust } from './renderer-location';
import { applySessionPolicy, CONTENT_SECURITY_POLICY } from './session-policy';

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;
type RequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; mediaTypes?: string[] },
) => void;
type CheckHandler = (
  webContents: unknown,
  permission: string,
  origin: string,
  details: { requestingUrl?: string; mediaType?: string },
) => boolean;

function fakeSession() {
  const hooks: { headers?: HeadersListener; request?: RequestHandler; check?: CheckHandler } = {};
  const session = {
    webRequest: { onHeadersReceived: (listener: HeadersListener) => (hooks.headers = listener) },
    setPermissionRequestHandler: (handler: RequestHandler) => (hooks.request = handler),
    setPermissionCheckHandler: (handler: CheckHandler) => (hooks.check = handler),
  };
  applySessionPolicy(session as unknown as Session, rendererTrust('https://pbx.example.com/'));
  const request = (permission: string, requestingUrl: string, mediaTypes?: string[]) => {
    const callback = vi.fn();
    hooks.request?.({}, permission, callback, { requestingUrl, mediaTypes });
    return callback.mock.calls[0]?.[0];
  };
  const check = (permission: string, requestingUrl: string, mediaType?: string) =>
    hooks.check?.({}, permission, new URL(requestingUrl).origin, { requestingUrl, mediaType });
  const headers = (url: string, responseHeaders: Record<string, string[]>) => {
    const callback = vi.fn();
    hooks.headers?.({ url, responseHeaders }, callback);
    return callback.mock.calls[0]?.[0];
  };
  return { request, check, headers };
}

const ours = 'https://pbx.example.com/#/call';
const foreign = 'https://evil.example/';

describe('applySessionPolicy', () => {
  it('sets the strict CSP on our pages, replacing the server’s, and leaves others alone', () => {
    const { headers } = fakeSession();
    const response = headers('https://pbx.example.com/', {
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(response.responseHeaders).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self' http: https: ws: wss:");
    expect(headers(foreign, {})).toEqual({});
  });

  it('grants the microphone to our page only, and never the camera', () => {
    const { request, check } = fakeSession();
    expect(request('media', ours, ['audio'])).toBe(true);
    expect(request('media', ours, ['audio', 'video'])).toBe(false);
    expect(request('media', ours, ['video'])).toBe(false);
    expect(request('media', ours, [])).toBe(false);
    expect(request('media', foreign, ['audio'])).toBe(false);
    expect(check('media', ours, 'audio')).toBe(true);
    expect(check('media', ours, 'video')).toBe(false);
    expect(check('media', foreign, 'audio')).toBe(false);
  });

  it('grants notifications to our page only and denies everything else', () => {
    const { request, check } = fakeSession();
    expect(request('notifications', ours)).toBe(true);
    expect(request('notifications', foreign)).toBe(false);
    expect(check('notifications', ours)).toBe(true);
    for (const permission of ['geolocation', 'display-capture', 'openExternal', 'clipboard-read']) {
      expect(request(permission, ours)).toBe(false);
      expect(check(permission, ours)).toBe(false);
    }
  });
});
