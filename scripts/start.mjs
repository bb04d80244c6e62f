// `npm start`: the PBX with a demo company, plus the desktop app when Electron is installed.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { build as buildRenderer } from 'vite';
import { spawnPbx } from './pbx.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const portFlag = args.indexOf('--http-port');
const httpPort =
  (portFlag >= 0 ? args[portFlag + 1] : undefined) ?? process.env.PBX_HTTP_PORT ?? '8080';

// The PBX serves the softphone UI; build it first (a few seconds).
await buildRenderer({ configFile: 'vite.config.ts', logLevel: 'warn' });

const pbx = spawnPbx(['serve', ...args]);
pbx.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => pbx.kill(signal));

/** The Electron binary's path, or undefined when it was not downloaded. */
function electronBinary() {
  try {
    return require('electron');
  } catch {
    return undefined;
  }
}

const electron = electronBinary();
if (!electron) {
  console.log(
    `Electron is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD?): running the PBX with the web softphone at http://127.0.0.1:${httpPort}/`,
  );
} else {
  // Main as an ES module, the preload as CommonJS (sandboxed preloads cannot be modules).
  const bundle = (entry, out, format, extension) =>
    build({
      entryPoints: { [out]: entry },
      outdir: 'out',
      bundle: true,
      platform: 'node',
      format,
      outExtension: { '.js': extension },
      external: ['electron'],
    });
  await bundle('main/main.ts', 'main/main', 'esm', '.js');
  await bundle('main/preload/preload.ts', 'preload/preload', 'cjs', '.cjs');
  const app = spawn(electron, ['.'], {
    stdio: 'inherit',
    env: { ...process.env, PBX_URL: `http://127.0.0.1:${httpPort}/` },
  });
  app.on('exit', () => pbx.kill('SIGTERM'));
}
