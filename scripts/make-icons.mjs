// Renders every icon from one source image, assets/icon.svg, with the Chromium the end-to-end
// tests use (playwright-core drives it; CHROMIUM_PATH points elsewhere): the PNG sizes Linux
// takes (assets/icons/NxN.png), icon.png, icon.ico (Windows), icon.icns (macOS), and the tray
// icons of the three registration states (assets/tray). Run after changing the SVG:
//   node scripts/make-icons.mjs
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS entries, all PNG: OSType and pixel size (the @2x types carry double the points). */
const ICNS_TYPES = 'icp4:16 icp5:32 icp6:64 ic07:128 ic08:256 ic09:512 ic10:1024 ic11:32 ic12:64'
  .concat(' ic13:256 ic14:512')
  .split(' ')
  .map((entry) => entry.split(':'))
  .map(([type, size]) => [type, Number(size)]);
/** The tray icon's badge per state (status-tray.ts names them); not registered is also grey. */
const badge = (colour, mark = '') =>
  `<circle cx="800" cy="800" r="200" fill="${colour}" stroke="#fff" stroke-width="48"/>${mark}`;
const TRAY_STATES = {
  registered: { overlay: badge('#22b14c') },
  unregistered: { overlay: badge('#8a8f98'), style: 'filter:grayscale(1) brightness(1.1)' },
  'do-not-disturb': {
    overlay: badge(
      '#e0322b',
      '<rect x="680" y="770" width="240" height="60" rx="30" fill="#fff"/>',
    ),
  },
};

const svg = await readFile(join(assets, 'icon.svg'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
});
const page = await browser.newPage();

/** The SVG (plus an overlay drawn in its 1024 × 1024 space) as a PNG of `size` pixels. */
async function render(size, overlay = '', style = '') {
  const image = svg
    .replace('</svg>', `${overlay}</svg>`)
    .replace('<svg ', `<svg width="${size}" height="${size}" style="${style}" `);
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${image}</body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

const png = new Map();
for (const size of SIZES) png.set(size, await render(size));
await mkdir(join(assets, 'icons'), { recursive: true });
for (const size of SIZES)
  await writeFile(join(assets, 'icons', `${size}x${size}.png`), png.get(size));
await writeFile(join(assets, 'icon.png'), png.get(1024));
await writeFile(join(assets, 'icon.ico'), ico(ICO_SIZES.map((size) => [size, png.get(size)])));
await writeFile(
  join(assets, 'icon.icns'),
  icns(ICNS_TYPES.map(([type, size]) => [type, png.get(size)])),
);
await mkdir(join(assets, 'tray'), { recursive: true });
for (const [state, { overlay, style }] of Object.entries(TRAY_STATES)) {
  await writeFile(join(assets, 'tray', `${state}.png`), await render(16, overlay, style));
  await writeFile(join(assets, 'tray', `${state}@2x.png`), await render(32, overlay, style));
}
await browser.close();
console.log(`icons written to ${assets}`);

/** An ICO file whose images are PNGs (Windows Vista and later read them). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(([size, data], i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map(([, data]) => data)]);
}

/** An ICNS file: a header, then per image its OSType, its length with this header, the PNG. */
function icns(entries) {
  const chunks = entries.map(([type, data]) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}
