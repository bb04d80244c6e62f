// Builds what electron-builder packs (electron-builder.yml `files`): the renderer with Vite into
// out/renderer, main as an ES module into out/main and the preload as CommonJS into out/preload
// (a sandboxed preload cannot be a module). `npm run dist` runs it, then electron-builder.
import { build } from 'esbuild';
import { build as buildRenderer } from 'vite';

await buildRenderer({ configFile: 'vite.config.ts', logLevel: 'warn' });

/** One bundle with its dependencies inside: the package carries no node_modules. */
const bundle = (entry, out, format, extension, banner = '') =>
  build({
    entryPoints: { [out]: entry },
    outdir: 'out',
    bundle: true,
    platform: 'node',
    target: 'node22',
    format,
    outExtension: { '.js': extension },
    external: ['electron'],
    banner: { js: banner },
    logLevel: 'warning',
  });

// CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
const requireShim =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
await bundle('main/main.ts', 'main/main', 'esm', '.js', requireShim);
await bundle('main/preload/preload.ts', 'preload/preload', 'cjs', '.cjs');
console.log('built out/main, out/preload and out/renderer');
