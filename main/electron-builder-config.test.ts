import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';

vi.mock('electron', () => ({}));

const { APP_ID } = await import('./app-id');
const { electronBuilderConfigSchema } = await import('./electron-builder-schema');
const { DIAL_LINK_SCHEMES } = await import('./links');
const { TRAY_STATES } = await import('./status-tray');

const root = join(import.meta.dirname, '..');
const raw: unknown = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const config = electronBuilderConfigSchema.parse(raw);
const buildResources = config.directories?.buildResources ?? 'build';

/** A path the way electron-builder resolves it: from the project, else from the build resources. */
function resolveFile(path: string): string {
  const fromRoot = join(root, path);
  return existsSync(fromRoot) ? fromRoot : join(root, buildResources, path);
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(data: Buffer): [number, number] {
  expect(data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('matches electron-builder’s configuration schema', async () => {
    expect(electronBuilderConfigSchema.safeParse(raw).error?.issues).toBeUndefined();
    // electron-builder's own schema (draft-07, shipped in app-builder-lib) checks it too.
    const upstream = join(root, 'node_modules', 'app-builder-lib', 'scheme.json');
    const { default: Ajv } = await import('ajv');
    const options = { allErrors: true, strict: false }; // strict: ajv 8 only, ignored by 6
    const ajv = new Ajv(options);
    const valid = ajv.validate(JSON.parse(readFileSync(upstream, 'utf8')), raw);
    expect(valid, ajv.errorsText(ajv.errors)).toBe(true);
  });

  it.each([
    ['a misspelt key', { mac: { hardendRuntime: true } }],
    ['a key of another target', { linux: { entitlements: 'x.plist' } }],
    ['a wrong type', { nsis: { oneClick: 'no' } }],
    ['a protocol without schemes', { protocols: [{ name: 'Links' }] }],
    ['an unknown top-level key', { autoUpdate: true }],
  ])('the schema refuses %s, as electron-builder would', (_, change) => {
    expect(electronBuilderConfigSchema.safeParse({ ...(raw as object), ...change }).success).toBe(
      false,
    );
  });

  it('refers only to files that exist', () => {
    const named = [
      config.win?.icon,
      config.nsis?.installerIcon,
      config.nsis?.uninstallerIcon,
      config.mac?.icon,
      config.mac?.entitlements,
      config.mac?.entitlementsInherit,
      config.dmg?.icon,
    ];
    for (const path of named) {
      expect(path, 'a file the configuration names').toBeTypeOf('string');
      expect(existsSync(resolveFile(path as string)), String(path)).toBe(true);
    }
    expect(statSync(join(root, buildResources)).isDirectory()).toBe(true);
  });

  it('ships the tray icons of every state from an extra resource', () => {
    const [tray] = [config.extraResources].flat();
    expect(tray).toMatchObject({ from: 'assets/tray', to: 'tray' });
    const from = join(root, (tray as { from: string }).from);
    for (const state of TRAY_STATES) {
      expect(pngSize(readFileSync(join(from, `${state}.png`)))).toEqual([16, 16]);
      expect(pngSize(readFileSync(join(from, `${state}@2x.png`)))).toEqual([32, 32]);
    }
  });

  it('gives Linux an icon set whose file names say their true sizes', () => {
    const dir = resolveFile(config.linux?.icon as string);
    const names = readdirSync(dir).sort((a, b) => parseInt(a) - parseInt(b));
    expect(names).toEqual(
      [16, 24, 32, 48, 64, 128, 256, 512, 1024].map((size) => `${size}x${size}.png`),
    );
    for (const name of names) {
      const size = parseInt(name);
      expect(pngSize(readFileSync(join(dir, name)))).toEqual([size, size]);
    }
  });

  it('gives Windows an ICO of PNGs up to 256 px and macOS an ICNS up to 1024 px', () => {
    const ico = readFileSync(resolveFile(config.win?.icon as string));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
      const entry = 6 + 16 * i;
      const png = ico
        .subarray(ico.readUInt32LE(entry + 12))
        .subarray(0, ico.readUInt32LE(entry + 8));
      return [ico.readUInt8(entry) || 256, pngSize(png)[0]];
    });
    expect(sizes.map(([declared]) => declared)).toContain(256);
    for (const [declared, actual] of sizes) expect(actual).toBe(declared);

    const icns = readFileSync(resolveFile(config.mac?.icon as string));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, number>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.set(icns.subarray(at, at + 4).toString('latin1'), pngSize(icns.subarray(at + 8))[0]);
    }
    expect(types.get('ic10')).toBe(1024);
    expect(types.get('ic07')).toBe(128);
  });

  it('asks macOS for the microphone, with a reason, under the hardened runtime', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    const plist = readFileSync(resolveFile(config.mac?.entitlements as string), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
    const info = config.mac?.extendInfo as Record<string, string>;
    expect(info.NSMicrophoneUsageDescription).toMatch(/microphone/);
  });

  it('declares main’s link schemes, builds every target, names the app as main does', () => {
    const schemes = [config.protocols].flat().flatMap((protocol) => protocol?.schemes ?? []);
    expect(schemes.sort()).toEqual([...DIAL_LINK_SCHEMES].sort());
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg', 'zip']);
    expect(config.appId).toBe(APP_ID);
  });

  it('publishes updates to the feed named when building, for electron-updater', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.SOFTPHONE_UPDATE_URL}' });
  });
});
