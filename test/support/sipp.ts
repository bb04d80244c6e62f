import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SCENARIOS = resolve(import.meta.dirname, '../sipp');

export interface SippRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Unexpected messages and errors SIPp traced, for assertion messages. */
  errors: string;
}

export interface SippOptions {
  scenario: string;
  /** host:port of the PBX; omitted for a UAS in server mode. */
  remote?: string;
  transport: 'u1' | 't1' | 'un' | 'tn';
  localPort?: number;
  service?: string;
  user?: string;
  password?: string;
  keys?: Record<string, string>;
  calls?: number;
  timeoutSeconds?: number;
  extra?: string[];
}

/** Runs SIPp (`sip-tester`) to completion; exit code 0 means every call succeeded. */
export function runSipp(options: SippOptions): { done: Promise<SippRun>; kill(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-'));
  const args = [
    ...(options.remote ? [options.remote] : []),
    '-sf',
    join(SCENARIOS, options.scenario),
    '-t',
    options.transport,
    '-i',
    '127.0.0.1',
    '-m',
    String(options.calls ?? 1),
    '-timeout',
    `${options.timeoutSeconds ?? 15}s`,
    '-timeout_error',
    '-nostdin',
    '-trace_err',
    '-error_file',
    join(dir, 'errors.log'),
    ...(options.localPort ? ['-p', String(options.localPort)] : []),
    ...(options.service ? ['-s', options.service] : []),
    ...(options.user ? ['-au', options.user, '-ap', options.password ?? ''] : []),
    ...Object.entries(options.keys ?? {}).flatMap(([k, v]) => ['-key', k, v]),
    ...(options.extra ?? []),
  ];
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<SippRun>((resolveRun, reject) => {
    child.on('error', (error) =>
      reject(new Error(`cannot run sipp (install Debian's sip-tester): ${error.message}`)),
    );
    child.on('close', (code) => resolveRun({ code, stdout, stderr, errors: readErrors(dir) }));
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

function readErrors(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')
    .slice(-4000);
}

/** A port free for both UDP and TCP on 127.0.0.1, for a SIPp instance to bind. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((done) => {
      const socket = dgram.createSocket('udp4');
      socket.bind(0, '127.0.0.1', () => {
        const { port: p } = socket.address();
        socket.close(() => done(p));
      });
    });
    const tcpFree = await new Promise<boolean>((done) => {
      const server = net.createServer();
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
    });
    if (tcpFree) return port;
  }
}
