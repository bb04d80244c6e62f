import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `npm run pbx -- ARGS` the fast way (node + tsx) and collects its output. */
export function runPbxCli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startPbxCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

export function startPbxCli(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'pbx/cli/main.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PBX_LOG_LEVEL: 'silent' },
  });
}
