import { spawnSync } from 'node:child_process';

const FLAG = 'PBX_BENCH_NETNS';

/**
 * Re-runs this command in a private network namespace (only a loopback interface, brought up),
 * so load tests neither disturb nor are disturbed by other traffic. Returns the exit code of
 * that run, or undefined when already isolated or when `unshare` is unavailable (with a warning).
 */
export function reexecIsolated(): number | undefined {
  if (process.env[FLAG]) return undefined;
  const flags = process.getuid?.() === 0 ? ['-n'] : ['-rn'];
  const probe = spawnSync('unshare', [...flags, 'ip', 'link', 'set', 'lo', 'up'], {
    stdio: 'ignore',
  });
  if (probe.status !== 0) {
    console.warn('warning: cannot run in a private network namespace (unshare -n); on the host.');
    return undefined;
  }
  const self = [process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const run = spawnSync(
    'unshare',
    [...flags, 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...self],
    { stdio: 'inherit', env: { ...process.env, [FLAG]: '1' } },
  );
  return run.status ?? 1;
}
