// `npm run pbx -- ARGS` (and so `npm run server`, `npm start`): the PBX's command line in a Node
// process with the runtime settings its memory is measured with (docs/architecture.md, Memory).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A 1 MB young generation: V8's default grows to 2 × 16 MB, which a PBX never needs. */
export const PBX_NODE_FLAGS = ['--max-semi-space-size=1'];

/**
 * glibc: two malloc arenas instead of up to eight per core, so memory freed on V8's and libuv's
 * worker threads is reused rather than kept per thread. A value in the environment wins.
 */
export const PBX_ENV = { MALLOC_ARENA_MAX: '2' };

/** Starts `pbx/cli/main.ts ARGS` with those settings, its output on ours. */
export function spawnPbx(args) {
  return spawn(
    process.execPath,
    [...PBX_NODE_FLAGS, '--import', 'tsx', 'pbx/cli/main.ts', ...args],
    {
      stdio: 'inherit',
      env: { ...PBX_ENV, ...process.env },
    },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pbx = spawnPbx(process.argv.slice(2));
  pbx.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => pbx.kill(signal));
}
