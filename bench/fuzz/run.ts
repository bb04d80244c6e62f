import { spawnSync } from 'node:child_process';

/**
 * `npm run bench -- --fuzz [FUZZ OPTIONS]`: issue 18's 10-minute run of the stateful SIP fuzzer
 * (test/fuzz/, `npm run fuzz -- --minutes 10`), its counts against the floors. Runs inside the
 * bench's private network namespace like the rest of it. Returns the fuzzer's exit status.
 */
export function runFuzzBench(args: readonly string[]): number {
  const cli = ['--import', 'tsx', 'test/fuzz/cli.ts', '--minutes', '10', ...args];
  return spawnSync(process.execPath, cli, { stdio: 'inherit' }).status ?? 1;
}
