import { describe, expect, it } from 'vitest';
import { apiBaseUrl, apiSocketUrl } from './base-url';

describe('apiBaseUrl', () => {
  it.each([
    ['pbx.example.com', 'https:', 'https://pbx.example.com'],
    ['pbx.example.com:8443', undefined, 'https://pbx.example.com:8443'],
    ['pbx.example.com:8080', 'http:', 'http://pbx.example.com:8080'],
    ['127.0.0.1:8080', 'https:', 'http://127.0.0.1:8080'],
    ['ws://10.0.0.5:8080', 'https:', 'http://10.0.0.5:8080'],
    ['wss://pbx.example.com/sip/', 'http:', 'https://pbx.example.com'],
    ['WSS://PBX.example.com:443/ws', undefined, 'https://pbx.example.com'],
    ['ws://[::1]:5080/', undefined, 'http://[::1]:5080'],
  ])('%s (page %s) → %s', (server, page, base) => {
    expect(apiBaseUrl(server, page)).toBe(base);
  });

  it.each(['', 'http://pbx.example.com', 'pbx example', 'ws://'])('refuses %j', (server) => {
    expect(apiBaseUrl(server)).toBeUndefined();
  });

  it('turns the base URL into the WebSocket URL of a path', () => {
    expect(apiSocketUrl('https://pbx.example.com', '/api/v1/events')).toBe(
      'wss://pbx.example.com/api/v1/events',
    );
    expect(apiSocketUrl('http://127.0.0.1:8080/', '/api/v1/events')).toBe(
      'ws://127.0.0.1:8080/api/v1/events',
    );
  });
});
