// End-to-end tests: the PBX and Chromium with real WebRTC media, inside a private network
// namespace that has only `lo`, so media can never leave the machine (README: Tests).
import { spawnSync } from 'node:child_process';

const inNamespace = process.env.SOFTPHONE_E2E_NETNS === '1';
if (!inNamespace) {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // As root `unshare -n` suffices; elsewhere a user namespace (-r) grants the same.
  const asRoot = process.getuid?.() === 0;
  const args = [
    ...(asRoot ? ['-n'] : ['-rn']),
    '--',
    'sh',
    '-c',
    'ip link set lo up && exec node scripts/test-e2e.mjs "$@"',
    'sh',
    ...process.argv.slice(2),
  ];
  const run = spawnSync('unshare', args, {
    stdio: 'inherit',
    env: { ...process.env, SOFTPHONE_E2E_NETNS: '1' },
  });
  if (run.error) {
    console.error(`cannot create a private network namespace (unshare): ${run.error.message}`);
    process.exit(1);
  }
  process.exit(run.status ?? 1);
}

const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
