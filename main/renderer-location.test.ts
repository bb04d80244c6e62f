import { describe, expect, it } from 'vitest';
import { DEV_PBX_URL, rendererLocation, rendererTrust } from './renderer-location';

describe('rendererLocation', () => {
  it('loads the built renderer when packaged, whatever PBX_URL says', () => {
    expect(
      rendererLocation(true, '/opt/Softphone/resources/app.asar/out', 'https://evil.example/'),
    ).toBe('file:///opt/Softphone/resources/app.asar/out/renderer/index.html');
  });

  it('loads the PBX at PBX_URL in development, or the local demo PBX', () => {
    expect(rendererLocation(false, '/repo/out', 'https://pbx.example.com')).toBe(
      'https://pbx.example.com/',
    );
    expect(rendererLocation(false, '/repo/out')).toBe(DEV_PBX_URL);
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

  it('trusts only our own index.html among file:// pages (their origins are all "null")', () => {
    const trusted = rendererTrust('file:///opt/app/out/renderer/index.html');
    expect(trusted('file:///opt/app/out/renderer/index.html#/dialer')).toBe(true);
    expect(trusted('file:///home/user/Downloads/evil.html')).toBe(false);
    expect(trusted('https://pbx.example.com/')).toBe(false);
  });
});
