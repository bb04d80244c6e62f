import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS } from './config';

export interface SippArgs {
  scenario: string;
  /** host:port to send to; omitted for a UAS. */
  remote?: string;
  args: string[];
}

export interface SippRun {
  /** Calls SIPp created, completed, and the rest (failed or unfinished at the timeout). */
  created: number;
  successful: number;
  failed: number;
  wallSeconds: number;
  dir: string;
}

function argv(options: SippArgs, dir: string): string[] {
  return [
    ...(options.remote ? [options.remote] : []),
    ...['-sf', join(SCENARIOS, options.scenario), '-t', 'u1', '-i', '127.0.0.1'],
    ...['-nostdin', '-buff_size', '4194304', '-max_recv_loops', '10000'],
    ...['-max_sched_loops', '10000', '-trace_stat', '-stf', join(dir, 'stat.csv'), '-fd', '1'],
    ...options.args,
  ];
}

/** Starts a long-running SIPp (a UAS); kill it with the returned process. */
export function startSipp(options: SippArgs): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sipp-'));
  return spawn('sipp', argv(options, dir), { cwd: dir, stdio: 'ignore' });
}

/** Runs SIPp to its end (or its `-timeout`) and reads its final statistics. */
export async function runSipp(options: SippArgs & { timeoutSeconds: number }): Promise<SippRun> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sipp-'));
  const args = [...argv(options, dir), '-timeout', `${options.timeoutSeconds}s`];
  const started = performance.now();
  const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  // SIPp may outlive its -timeout while calls wind down: SIGINT makes it write its statistics.
  const stop = setTimeout(() => child.kill('SIGINT'), (options.timeoutSeconds + 2) * 1000);
  const kill = setTimeout(() => child.kill('SIGKILL'), (options.timeoutSeconds + 5) * 1000);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`cannot run sipp: ${e.message}`)));
    child.on('close', resolve);
  });
  clearTimeout(stop);
  clearTimeout(kill);
  const wallSeconds = (performance.now() - started) / 1000;
  const stats = readStats(join(dir, 'stat.csv'));
  if (!stats) throw new Error(`sipp exited ${code} without statistics: ${stderr.slice(-800)}`);
  const created = stats['OutgoingCall(C)'] ?? 0;
  const successful = stats['SuccessfulCall(C)'] ?? 0;
  return { created, successful, failed: created - successful, wallSeconds, dir };
}

/** The cumulative counters of the last line of SIPp's `-trace_stat` file. */
function readStats(file: string): Record<string, number> | undefined {
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0]?.split(';') ?? [];
  const last = lines.at(-1)?.split(';') ?? [];
  if (lines.length < 2) return undefined;
  return Object.fromEntries(head.map((name, i) => [name, Number(last[i])]));
}

/**
 * Request-to-response times (ms) from SIPp's message trace (`-trace_msg`), which carries
 * microsecond timestamps, unlike SIPp's response-time statistics (4 ms steps): from each sent
 * request with CSeq number `cseq` to the received final response `status` of the same call.
 */
export function latenciesFromTrace(file: string, cseq: number, status: number): number[] {
  const blocks = readFileSync(file, 'utf8').split(/^-{20,} (\S+ \S+)\n/m);
  const sent = new Map<string, number>();
  const result: number[] = [];
  for (let i = 1; i + 1 < blocks.length; i += 2) {
    const at = Date.parse((blocks[i] ?? '').replace(' ', 'T').slice(0, 23)) + micros(blocks[i]);
    const body = blocks[i + 1] ?? '';
    const callId = /^Call-ID:\s*(\S+)/im.exec(body)?.[1];
    if (!callId || Number(/^CSeq:\s*(\d+)/im.exec(body)?.[1]) !== cseq) continue;
    if (/message sent/.test(body) && !/^SIP\/2\.0/m.test(body)) {
      if (!sent.has(callId)) sent.set(callId, at);
    } else if (new RegExp(`^SIP/2\\.0 ${status} `, 'm').test(body) && sent.has(callId)) {
      result.push(at - (sent.get(callId) ?? at));
      sent.delete(callId);
    }
  }
  return result;
}

/** The sub-millisecond part of a `YYYY-MM-DD HH:MM:SS.uuuuuu` timestamp, in ms. */
function micros(stamp: string | undefined): number {
  const fraction = /\.(\d{3})(\d{3})$/.exec(stamp ?? '');
  return fraction ? Number(fraction[2]) / 1000 : 0;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}
