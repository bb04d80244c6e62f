import type { ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as config from './config';
import { latenciesFromTrace, percentile, runSipp, startSipp, type SippRun } from './sipp';
import { disturbed, watchCpu, type StepCpu } from './step-cpu';

/** A registrar/proxy under test: where it listens and the users it knows. */
export interface Target {
  name: string;
  remote: string;
  numbers: string[];
  password: string;
  /** The server's process, for its CPU share of each step. */
  pid?: () => number;
}

export interface Step {
  rate: number;
  seconds: number;
  created: number;
  failed: number;
  wallSeconds: number;
  pass: boolean;
  cpu: StepCpu;
}

export interface Limit {
  /** Highest confirmed rate, 0 when even the lowest step failed. */
  rate: number;
  steps: Step[];
}

const LARGE = ['-l', '200000'];

function step(rate: number, seconds: number, run: SippRun, cpu: StepCpu): Step {
  const planned = rate * seconds;
  const pass =
    run.created === planned &&
    run.failed <= planned * config.MAX_FAILURES &&
    run.wallSeconds <= seconds + 3.5;
  const wallSeconds = Math.round(run.wallSeconds * 10) / 10;
  return { rate, seconds, created: run.created, failed: run.failed, wallSeconds, pass, cpu };
}

/**
 * Ramp through `rates` in short runs up to the first failure; confirm the best with longer runs.
 * `fresh`, when given, runs before each confirming run (a new PBX process with its devices
 * registered again), so each rate is confirmed on a PBX that has not just been overloaded. A
 * rate is confirmed by a majority of CONFIRM_RUNS runs; otherwise the next lower rate is tried.
 */
export async function findLimit(
  label: string,
  rates: number[],
  runAt: (rate: number, seconds: number) => Promise<Step>,
  fresh?: () => Promise<void>,
): Promise<Limit> {
  const steps: Step[] = [];
  const attempt = async (rate: number, seconds: number, backlogFollows: boolean) => {
    const result = await runAt(rate, seconds);
    steps.push(result);
    const { server, steal, others } = result.cpu;
    const serverShare = server === undefined ? '' : `server ${server}%, `;
    const shares = `${serverShare}steal ${steal}%, others ${others}% CPU`;
    const note = `${result.failed}/${result.created} failed, ${result.wallSeconds}s, ${shares}`;
    console.log(`  ${label} ${rate}/s for ${seconds}s: ${result.pass ? 'ok' : 'FAIL'} (${note})`);
    // A failed step leaves a backlog (retransmissions, transactions kept 32 s by Timer J/H):
    // let it drain, so the next step measures its rate and not the recovery from overload.
    await sleep(result.pass || !backlogFollows ? config.SETTLE_MS : config.RECOVERY_MS);
    return result;
  };
  let best = -1;
  for (let i = 0; i < rates.length; i++) {
    if (!(await attempt(rates[i] ?? 0, config.RAMP_SECONDS, true)).pass) break;
    best = i;
  }
  const needed = Math.floor(config.CONFIRM_RUNS / 2) + 1;
  for (let i = best; i >= 0; i--) {
    const rate = rates[i] ?? 0;
    let passed = 0;
    let failed = 0;
    let repeats = 0;
    while (passed < needed && failed <= config.CONFIRM_RUNS - needed) {
      await fresh?.();
      const run = await attempt(rate, config.CONFIRM_SECONDS, !fresh);
      if (run.pass) passed++;
      // A failure while the machine's neighbours took the cores is run again on a fresh PBX.
      else if (fresh && disturbed(run.cpu) && repeats++ < config.DISTURBED_REPEATS) {
        console.log('  (disturbed: run again)');
      } else failed++;
    }
    if (passed >= needed) return { rate, steps };
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
  const cpu = watchCpu(target.pid?.());
  const run = await runSipp({
    scenario: 'reg-csv.xml',
    remote: target.remote,
    args: ['-inf', csv, '-r', `${rate}`, '-m', `${rate * seconds}`, ...LARGE],
    timeoutSeconds: seconds + 4,
  });
  return step(rate, seconds, run, cpu());
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

/** The port every user's Contact names (scenarios/reg-csv.xml): the UAS answering their calls. */
const CALLEE_PORT = 5090;

/**
 * A SIPp UAS (copying Record-Route) on the port every registered user's Contact names, so it
 * answers calls to any of them. Users must be registered first (registerAll).
 */
export async function startCallee(): Promise<ChildProcess> {
  const uas = startSipp({ scenario: 'uas-rr.xml', args: ['-p', `${CALLEE_PORT}`] });
  await sleep(500);
  return uas;
}

/**
 * SIPp injection file for calls: pairs of users (1 calls 2, 3 calls 4, ...) with the caller's
 * digest answer, so that the load spreads over numbers as real traffic does and no number
 * needs more channels than an employee has.
 */
export function pairsCsv(target: Target): string {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-pairs-')), 'pairs.csv');
  const lines: string[] = [];
  for (let i = 0; i + 1 < target.numbers.length; i += 2) {
    const [caller, callee] = [target.numbers[i], target.numbers[i + 1]];
    lines.push(
      `${caller};${callee};[authentication username=${caller} password=${target.password}]`,
    );
  }
  writeFileSync(file, ['SEQUENTIAL', ...lines, ''].join('\n'));
  return file;
}

function callArgs(pairs: string, rate: number, calls: number): string[] {
  return ['-inf', pairs, '-r', `${rate}`, '-m', `${calls}`, ...LARGE];
}

export async function callStep(target: Target, pairs: string, rate: number, seconds: number) {
  const cpu = watchCpu(target.pid?.());
  const run = await runSipp({
    scenario: 'uac-call.xml',
    remote: target.remote,
    args: callArgs(pairs, rate, rate * seconds),
    timeoutSeconds: seconds + 4,
  });
  return step(rate, seconds, run, cpu());
}

export interface Recovery {
  /** The overload: twice the confirmed call rate for OVERLOAD_SECONDS. */
  overload: Step;
  /**
   * Seconds from the end of the overload to the start of the first step at LATENCY_RATE with
   * no failed call; undefined when none passed within RECOVERY_STEPS steps.
   */
  seconds?: number;
  steps: Step[];
}

/**
 * What an overload leaves behind: calls at twice `limit` for OVERLOAD_SECONDS, then steps of
 * LATENCY_RATE calls/s (RECOVERY_STEP_SECONDS each) until one has no failed call. Run on a
 * fresh server: the figure is how long the backlog of one overload keeps calls failing.
 */
export async function recoveryAfterOverload(
  target: Target,
  pairs: string,
  limit: number,
): Promise<Recovery> {
  const overload = await callStep(
    target,
    pairs,
    2 * Math.max(limit, config.LATENCY_RATE),
    config.OVERLOAD_SECONDS,
  );
  const ended = Date.now();
  const steps: Step[] = [];
  for (let i = 0; i < config.RECOVERY_STEPS; i++) {
    const started = Date.now();
    const result = await callStep(target, pairs, config.LATENCY_RATE, config.RECOVERY_STEP_SECONDS);
    steps.push(result);
    if (result.pass && result.failed === 0) {
      return { overload, seconds: Math.round((started - ended) / 100) / 10, steps };
    }
  }
  return { overload, steps };
}

export interface Latency {
  calls: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** p99 of every run, when the figure is the median of several. */
  p99MsOfRuns?: number[];
  /** Steal + others (% of one core, step-cpu.ts) during each run, counted or not. */
  disturbanceOfRuns?: number[];
}

/**
 * INVITE (with credentials) to 200 at a low fixed rate, from SIPp's microsecond trace:
 * LATENCY_RUNS runs, the one with the median p99 stands for them (a p99 of 500 calls is the
 * fifth slowest, so one burst of other work on the machine decides a single run).
 */
export async function setupLatency(target: Target, pairs: string): Promise<Latency> {
  const { LATENCY_RATE: rate, LATENCY_SECONDS: seconds } = config;
  const counted: Latency[] = [];
  const disturbance: number[] = [];
  const allowed = config.LATENCY_RUNS + config.DISTURBED_REPEATS;
  while (counted.length < config.LATENCY_RUNS && disturbance.length < allowed) {
    const cpu = watchCpu(target.pid?.());
    const run = await runSipp({
      scenario: 'uac-call.xml',
      remote: target.remote,
      args: [...callArgs(pairs, rate, rate * seconds), '-trace_msg', '-message_file', 'msg.log'],
      timeoutSeconds: seconds + 4,
    });
    const share = cpu();
    disturbance.push(Math.round((share.steal + share.others) * 10) / 10);
    // A run while the machine's neighbours took the cores is not counted (the last ones are).
    const left = allowed - disturbance.length;
    if (!disturbed(share) || left < config.LATENCY_RUNS - counted.length) {
      counted.push(latencyOf(run));
    }
  }
  const byP99 = [...counted].sort((a, b) => a.p99Ms - b.p99Ms);
  const median = byP99[Math.floor(byP99.length / 2)] ?? counted[0]!;
  return {
    ...median,
    failed: counted.reduce((sum, r) => sum + r.failed, 0),
    p99MsOfRuns: counted.map((r) => r.p99Ms),
    disturbanceOfRuns: disturbance,
  };
}

/**
 * Authenticated INVITE (CSeq 2: CSeq 1 got the 407) to 200, from the microsecond trace a run
 * with `-trace_msg -message_file msg.log` wrote.
 */
export function latencyOf(run: SippRun): Latency {
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
