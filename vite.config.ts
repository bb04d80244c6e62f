import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Source maps are made (for reading a crash report) but kept out of the served renderer: hidden
 * (no `sourceMappingURL` in the code) and moved beside it, to `out/renderer-sourcemaps/`.
 */
function sourceMapsAside(): Plugin {
  return {
    name: 'source-maps-aside',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir ?? resolve('out/renderer');
      const mapsDir = join(dirname(outDir), 'renderer-sourcemaps');
      rmSync(mapsDir, { recursive: true, force: true });
      for (const name of Object.keys(bundle).filter((file) => file.endsWith('.map'))) {
        mkdirSync(dirname(join(mapsDir, name)), { recursive: true });
        renameSync(join(outDir, name), join(mapsDir, name));
      }
    },
  };
}

/**
 * The renderer: built once, loaded by Electron and served by the PBX as the web softphone. The
 * first chunk draws the sign-in form; JsSIP, the API client, the phone's screens and the Admin
 * tab are chunks of their own (renderer/main.tsx), so the form is on screen sooner.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), sourceMapsAside()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: 'hidden',
  },
});
