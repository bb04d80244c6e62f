import type { ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as config from './config';
import { latenciesFromTrace, percentile, runSipp, startSipp, type SippRun } from './sipp';

/** A registrar/proxy under test: where it listens and the users it knows. */
export interface Target {
  name: string;
  remote: string;
  numbers: string[];
  password: string;
}

export interface Step {
  rate: number;
  seconds: number;
  created: number;
  failed: number;
  wallSeconds: number;
  pass: boolean;
}

export interface Limit {
  /** Highest confirmed rate, 0 when even the lowest step failed. */
  rate: number;
  steps: Step[];
}

const LARGE = ['-l', '200000'];

function step(rate: number, seconds: number, run: SippRun): Step {
  const planned = rate * seconds;
  const pass =
    run.created === planned &&
    run.failed <= planned * config.MAX_FAILURES &&
    run.wallSeconds <= seconds + 3.5;
  const wallSeconds = Math.round(run.wallSeconds * 10) / 10;
  return { rate, seconds, created: run.created, failed: run.failed, wallSeconds, pass };
}

/** Ramp through `rates` in short runs up to the first failure; confirm the best with longer runs. */
export async function findLimit(
  label: string,
  rates: number[],
  runAt: (rate: number, seconds: number) => Promise<Step>,
): Promise<Limit> {
  const steps: Step[] = [];
  const attempt = async (rate: number, seconds: number) => {
    const result = await runAt(rate, seconds);
    steps.push(result);
    const note = `${result.failed}/${result.created} failed, ${result.wallSeconds}s`;
    console.log(`  ${label} ${rate}/s for ${seconds}s: ${result.pass ? 'ok' : 'FAIL'} (${note})`);
    // A failed step leaves a backlog (retransmissions, transactions kept 32 s by Timer J/H):
    // let it drain, so the next step measures its rate and not the recovery from overload.
    await sleep(result.pass ? config.SETTLE_MS : config.RECOVERY_MS);
    return result.pass;
  };
  let best = -1;
  for (let i = 0; i < rates.length; i++) {
    if (!(await attempt(rates[i] ?? 0, config.RAMP_SECONDS))) break;
    best = i;
  }
  for (let i = best; i >= 0; i--) {
    if (await attempt(rates[i] ?? 0, config.CONFIRM_SECONDS)) return { rate: rates[i] ?? 0, steps };
  }
  return { rate: 0, steps };
}

/** SIPp injection file: every user with the digest answer for its password. */
export function usersCsv(target: Target): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-users-')), 'users.csv');
  const lines = target.numbers.map(
    (n) => `${n};[authentication username=${n} password=${target.password}]`,
  );
  writeFileSync(file, ['SEQUENTIAL', ...lines, ''].join('\n'));
  return file;
}

export async function registerStep(target: Target, csv: string, rate: number, seconds: number) {
  const run = await runSipp({
    scenario: 'reg-csv.xml',
    remote: target.remote,
    args: ['-inf', csv, '-r', `${rate}`, '-m', `${rate * seconds}`, ...LARGE],
    timeoutSeconds: seconds + 4,
  });
  return step(rate, seconds, run);
}

/** Registers every user once (for the memory figure); true when all succeeded. */
export async function registerAll(target: Target, csv: string): Promise<boolean> {
  const rate = 2000;
  const run = await runSipp({
    scenario: 'reg-csv.xml',
    remote: target.remote,
    args: ['-inf', csv, '-r', `${rate}`, '-m', `${target.numbers.length}`, ...LARGE],
    timeoutSeconds: Math.ceil(target.numbers.length / rate) + 5,
  });
  return run.failed === 0;
}

/** A SIPp UAS (copying Record-Route) registered as the first user; its Contact names its port. */
export async function startCallee(target: Target): Promise<ChildProcess> {
  const port = 15_070;
  const uas = startSipp({ scenario: 'uas-rr.xml', args: ['-p', `${port}`] });
  const callee = target.numbers[0] ?? '';
  const run = await runSipp({
    scenario: 'reg-uas.xml',
    remote: target.remote,
    args: ['-s', callee, '-au', callee, '-ap', target.password, '-m', '1', ...contact(port)],
    timeoutSeconds: 5,
  });
  if (run.successful !== 1) {
    uas.kill();
    throw new Error(`${target.name}: the UAS could not register`);
  }
  return uas;
}

const contact = (port: number) => ['-key', 'contact_port', `${port}`];

function callArgs(target: Target, rate: number, calls: number): string[] {
  const [callee = '', caller = ''] = target.numbers;
  return [
    ...['-s', callee, '-au', caller, '-ap', target.password, '-key', 'caller', caller],
    ...['-r', `${rate}`, '-m', `${calls}`, ...LARGE],
  ];
}

export async function callStep(target: Target, rate: number, seconds: number) {
  const run = await runSipp({
    scenario: 'uac-call.xml',
    remote: target.remote,
    args: callArgs(target, rate, rate * seconds),
    timeoutSeconds: seconds + 4,
  });
  return step(rate, seconds, run);
}

export interface Latency {
  calls: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** INVITE (with credentials) to 200 at a low fixed rate, from SIPp's microsecond trace. */
export async function setupLatency(target: Target): Promise<Latency> {
  const { LATENCY_RATE: rate, LATENCY_SECONDS: seconds } = config;
  const run = await runSipp({
    scenario: 'uac-call.xml',
    remote: target.remote,
    args: [...callArgs(target, rate, rate * seconds), '-trace_msg', '-message_file', 'msg.log'],
    timeoutSeconds: seconds + 4,
  });
  const times = latenciesFromTrace(join(run.dir, 'msg.log'), 2, 200).sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    calls: run.created,
    failed: run.failed,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    maxMs: round(times.at(-1) ?? NaN),
  };
}
