import { describe, expect, it } from 'vitest';
import { formatIceServers, parseIceServers } from './ice-servers';

describe('ICE server lines', () => {
  it('parses STUN and TURN lines and skips the rest', () => {
    const servers = parseIceServers(
      'stun:stun.example.com:3478\n\nturn:t.example.com:3478 alice s3cret\nhttp://x',
    );
    expect(servers).toEqual([
      { urls: 'stun:stun.example.com:3478' },
      { urls: 'turn:t.example.com:3478', username: 'alice', credential: 's3cret' },
    ]);
    expect(formatIceServers(servers)).toBe(
      'stun:stun.example.com:3478\nturn:t.example.com:3478 alice s3cret',
    );
  });
});
