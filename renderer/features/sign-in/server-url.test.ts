import { describe, expect, it } from 'vitest';
import { toWebSocketUrl } from './server-url';

describe('toWebSocketUrl', () => {
  it.each([
    ['pbx.example.com', 'https:', 'wss://pbx.example.com'],
    ['pbx.example.com:8443', undefined, 'wss://pbx.example.com:8443'],
    ['  PBX.Example.com ', 'file:', 'wss://pbx.example.com'],
    ['pbx.example.com:8080', 'http:', 'ws://pbx.example.com:8080'],
    ['127.0.0.1:8080', 'https:', 'ws://127.0.0.1:8080'],
    ['localhost:8080', undefined, 'ws://localhost:8080'],
    ['ws://10.0.0.5:8080', 'https:', 'ws://10.0.0.5:8080'],
    ['wss://pbx.example.com/sip/', 'http:', 'wss://pbx.example.com/sip'],
  ])('%s (page %s) → %s', (input, page, url) => {
    expect(toWebSocketUrl(input, page)).toBe(url);
  });

  it.each([
    '',
    'http://pbx.example.com',
    'pbx example',
    'pbx.example.com:99999',
    'ws://',
    '-bad-.com',
  ])('refuses %j', (input) => expect(toWebSocketUrl(input)).toBeUndefined());
});
