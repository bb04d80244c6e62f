import { describe, expect, it } from 'vitest';
import { DEV_PBX_URL, rendererLocation, rendererTrust } from './renderer-location';

describe('rendererLocation', () => {
  it('loads the built renderer when packaged, whatever PBX_URL says', () => {
    expect(rendererLocation(true, 'https://evil.example/')).toBe('app://softphone/index.html');
  });

  it('loads the PBX at PBX_URL in development, or the local demo PBX', () => {
    expect(rendererLocation(false, 'https://pbx.example.com')).toBe('https://pbx.example.com/');
    expect(rendererLocation(false)).toBe(DEV_PBX_URL);
  });
});

describe('rendererTrust', () => {
  it('trusts the PBX origin and nothing else', () => {
    const trusted = rendererTrust('https://pbx.example.com/');
    expect(trusted('https://pbx.example.com/settings?x=1')).toBe(true);
    expect(trusted('http://pbx.example.com/')).toBe(false);
    expect(trusted('https://pbx.example.com.evil.example/')).toBe(false);
    expect(trusted(undefined)).toBe(false);
    expect(trusted('garbage')).toBe(false);
  });

  it('trusts the app scheme\'s own host only (its origin is "null" to Node, like file:)', () => {
    const trusted = rendererTrust('app://softphone/index.html');
    expect(trusted('app://softphone/index.html#/dialer')).toBe(true);
    expect(trusted('app://softphone/assets/index.js')).toBe(true);
    expect(trusted('app://other/index.html')).toBe(false);
    expect(trusted('file:///home/user/Downloads/evil.html')).toBe(false);
    expect(trusted('data:text/html,hi')).toBe(false);
    expect(trusted('https://pbx.example.com/')).toBe(false);
  });
});
