/**
 * `npx tsx bench/media-bridge.ts` (also the last part of `npm run bench`): the media bridge of
 * issue 7 under load, SIPp to SIPp through the PBX and rtpengine with RTP and forced
 * transcoding. Employees (SIPp, `scenarios/uac-bridge.xml`) call an outside number offering PCMA
 * only and play g711a.pcap's audio; the carrier (SIPp on the trunk, `uas-carrier-pcmu.xml`)
 * answers PCMU only and echoes the RTP it gets, so rtpengine transcodes both ways.
 *
 * 1. Concurrent bridged calls: ramps the number of simultaneous calls up to the first level at
 *    which a call fails or audio stalls (rtpengine's packet counters of sampled calls stop
 *    growing on either side); rtpengine's CPU share at each level.
 * 2. Added setup latency: authenticated INVITE to 200 at a low rate with and without rtpengine.
 *
 * Runs in the bench's private network namespace; prints a table and adds `mediaBridge` to
 * bench/results/latest.json. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NgClient } from '../pbx/media/ng-client';
import { BENCH_PASSWORD } from './config';
import { latencyOf, usersCsv, type Latency, type Target } from './measure';
import { reexecIsolated } from './netns';
import { startPbxProcess, type PbxProcess } from './pbx';
import { mergeIntoResults } from './report';
import { describe, mediaBridgeTable, rtpengineVersion } from './media-report';
import { percentile, runSipp } from './sipp';
import { readCounters, transcoderRates } from './media-counters';
import { childPids, cpuShares, cpuSnapshot } from './media-cpu';
import {
  employeeScenario,
  killAll,
  startCarrier,
  startRtpengine,
  type Rtpengine,
  CARRIER_PORT,
  NG_PORT,
} from './media-processes';

/** Simultaneous calls tried, in order, up to the first failing level (PBX_BENCH_MEDIA_LEVELS). */
const LEVELS = (
  process.env.PBX_BENCH_MEDIA_LEVELS ?? '25,50,100,150,200,300,400,500,600,800,1000,1200,1500'
)
  .split(',')
  .map(Number)
  .filter((calls) => calls > 0); // PBX_BENCH_MEDIA_LEVELS= (empty): setup latency only
/** Each call lasts this long once answered (SIPp -d). */
const HOLD_MS = 15_000;
/** The calls of a level are placed over at most this long (rate = level / RAMP_S). */
const RAMP_S = 5;
/**
 * Audio check: rtpengine's counters are read twice this far apart during the plateau (closer,
 * down to MIN_GAP_MS, when slow answers would push the second read past END_MARGIN_MS before
 * the first calls end).
 */
const SAMPLE_GAP_MS = 4000;
const MIN_GAP_MS = 1000;
const END_MARGIN_MS = 1000;
/** Calls of a level whose counters are read (spread evenly over the level), so many at a time. */
const SAMPLED_CALLS = 50;
/** The plateau: the counters are first read this long after the last call was placed. */
const PLATEAU_DELAY_MS = 2000;
/** A side flows when rtpengine got at least this share of its 20 ms packets (50/s). */
const MIN_FLOW = 0.5;
const PACKETS_PER_SECOND = 50;
/** Setup latency: calls per second, for how long, and how long each call lasts. */
export const LATENCY_RATE = 20;
const LATENCY_SECONDS = 10;
const LATENCY_HOLD_MS = 2000;
/** The media part gives up on further levels past this (the whole part stays under ~6 min). */
const BUDGET_MS = 5 * 60_000;
/** Pause between levels: the previous level's BYEs and rtpengine's deletes are done. */
const SETTLE_MS = 2000;

const USERS = 2000;
const CLIENT = '+78127654321';
const EMPLOYEE_MEDIA_PORT = 20_000;

export interface LevelResult {
  calls: number;
  /** SIPp's counts for the level: calls placed, completed, failed (or unfinished). */
  created: number;
  successful: number;
  failed: number;
  /** Calls sampled, and those whose audio flowed on both sides between the two reads. */
  sampled: number;
  flowing: number;
  /** Lowest packets/s rtpengine got over the sampled calls, from the employee, the carrier. */
  minPpsEmployee: number;
  minPpsCarrier: number;
  /** Packets/s through rtpengine's transcoders, all calls: PCMA->PCMU, PCMU->PCMA. */
  transcodedPps: { toCarrier: number; toEmployee: number };
  /** How long rtpengine took to answer the ng queries (QUERY_CONCURRENCY at a time), ms. */
  ngQueryMs: { p50: number; max: number };
  /** When the second read was done, seconds after the level started (the first calls end ~15 s). */
  readsDoneS: number;
  /** Up to 10 sampled calls whose audio stalled: Call-ID, pkt/s from the employee/carrier. */
  stalledCalls?: string[];
  /**
   * CPU during the plateau, % of one core: rtpengine, the PBX, both SIPps, the kernel's packet
   * handling (irq + softirq), the whole machine, and what else ran on it (the machine less
   * these and this process; ~0 on a quiet machine).
   */
  cpu: {
    rtpengine: number;
    pbx: number;
    sipp: number;
    kernel: number;
    machine: number;
    others: number;
  };
  pass: boolean;
  /** Why it failed, in words. */
  reason?: string;
}

export interface MediaBridgeFigures {
  /** Highest level that passed (0 when even the first failed). */
  maxConcurrentCalls: number;
  levels: LevelResult[];
  latency: { bridged: MediaLatency; passThrough: MediaLatency };
  rtpengine: { version: string; args: string[] };
  note: string;
}

// --- the measurements -------------------------------------------------------------------------

interface Setup {
  target: Target;
  csv: string;
  scenario: string;
  /** The carrier's SIPp (to tell it from the employees' SIPp). */
  carrierPid: number;
}

function employeeArgs(setup: Setup): string[] {
  return [
    ...['-s', CLIENT, '-inf', setup.csv, '-mp', `${EMPLOYEE_MEDIA_PORT}`],
    ...['-rtp_threadtasks', '20'],
  ];
}

async function concurrencyStep(
  setup: Setup,
  rtpengine: Rtpengine,
  pbx: PbxProcess,
  ng: NgClient,
  calls: number,
): Promise<LevelResult> {
  const rate = Math.max(5, Math.ceil(calls / RAMP_S));
  const rampMs = (calls / rate) * 1000;
  // SIPp's call numbers name the calls (-cid_str); SIPp's pid and call number, the From tags.
  const prefix = `bridge${calls}`;
  const started = performance.now();
  const running = runSipp({
    scenario: setup.scenario,
    remote: setup.target.remote,
    args: [
      ...employeeArgs(setup),
      ...['-r', `${rate}`, '-l', `${calls}`, '-m', `${calls}`, '-d', `${HOLD_MS}`],
      ...['-cid_str', `${prefix}-%u@%s`],
    ],
    timeoutSeconds: Math.ceil(rampMs / 1000 + HOLD_MS / 1000 + 10),
  });
  await sleep(rampMs + PLATEAU_DELAY_MS);
  const sipps = childPids('sipp');
  const employeePid = sipps.find((pid) => pid !== setup.carrierPid) ?? 0;
  const spacing = Math.max(1, calls / SAMPLED_CALLS);
  const sample = Array.from({ length: Math.min(calls, SAMPLED_CALLS) }, (_, i) => {
    const n = Math.floor(i * spacing) + 1;
    // Call n is placed (n - 1) / rate s into the level and hung up HOLD_MS after its 200.
    const endsAt = started + ((n - 1) / rate) * 1000 + HOLD_MS;
    return { callId: `${prefix}-${n}@127.0.0.1`, tag: `${employeePid}SIPpTag00${n}`, endsAt };
  });
  const before = await readCounters(ng, sample);
  const cpuBefore = cpuSnapshot(rtpengine.pid, pbx.pid, sipps);
  // The second read (in the same order, earliest call first) starts SAMPLE_GAP_MS later, or
  // sooner when the first calls would end by then (rtpengine answering slowly, overload).
  const gapEnd = Math.max(
    performance.now() + MIN_GAP_MS,
    Math.min(performance.now() + SAMPLE_GAP_MS, started + HOLD_MS - END_MARGIN_MS),
  );
  await sleep((gapEnd - performance.now()) / 2);
  const transcoders = await transcoderRates().catch(() => undefined);
  await sleep(Math.max(0, gapEnd - performance.now()));
  const after = await readCounters(ng, sample);
  const cpu = cpuShares(cpuBefore, cpuSnapshot(rtpengine.pid, pbx.pid, sipps));
  const readsDoneS = (performance.now() - started) / 1000;
  const run = await running;
  const rtts = [...before, ...after].map((r) => r.rttMs).sort((a, b) => a - b);

  const least = MIN_FLOW * PACKETS_PER_SECOND;
  const problems = new Map<string, number>();
  let late = 0;
  let stalled = 0;
  const stalledCalls: string[] = [];
  let minEmployee = Infinity;
  let minCarrier = Infinity;
  sample.forEach(({ callId, endsAt }, i) => {
    const [a, b] = [before[i], after[i]];
    // Read after its planned end, a call rtpengine no longer knows is not a failure: unsampled.
    if (b?.problem === 'unknown to rtpengine' && b.at > endsAt - END_MARGIN_MS) return void late++;
    const problem = a?.problem ?? b?.problem;
    if (problem || !a?.counters || !b?.counters) {
      problems.set(problem ?? '?', (problems.get(problem ?? '?') ?? 0) + 1);
      return;
    }
    const seconds = (b.at - a.at) / 1000;
    const employee = (b.counters[0] - a.counters[0]) / seconds;
    const carrier = (b.counters[1] - a.counters[1]) / seconds;
    minEmployee = Math.min(minEmployee, employee);
    minCarrier = Math.min(minCarrier, carrier);
    if (employee < least || carrier < least) {
      stalled++;
      const rates = `${Math.round(employee)}/${Math.round(carrier)} pkt/s`;
      if (stalledCalls.length < 10) stalledCalls.push(`${callId} ${rates}`);
    }
  });
  const missing = [...problems.values()].reduce((a, b) => a + b, 0);
  const sampled = sample.length - late;
  const toCarrier = transcoders?.['PCMA/8000 -> PCMU/8000'] ?? 0;
  const toEmployee = transcoders?.['PCMU/8000 -> PCMA/8000'] ?? 0;
  const reasons = [
    run.failed > 0 ? `${run.failed}/${run.created} calls failed` : '',
    run.created < calls ? `only ${run.created}/${calls} calls placed` : '',
    late > sample.length / 2
      ? `rtpengine answered ng too slowly to sample the calls (${late}/${sample.length} ended first)`
      : '',
    ...[...problems].map(([problem, n]) => `${n}/${sampled} sampled calls ${problem}`),
    stalled > 0 ? `audio stalled in ${stalled}/${sampled} sampled calls` : '',
    !transcoders
      ? 'rtpengine-ctl list transcoders did not answer'
      : Math.min(toCarrier, toEmployee) < least * calls
        ? `transcoding ${toCarrier}/${toEmployee} pkt/s, below ${least * calls}`
        : '',
  ].filter(Boolean);
  const round = (n: number) => (Number.isFinite(n) ? Math.round(n) : 0);
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    calls,
    created: run.created,
    successful: run.successful,
    failed: run.failed,
    sampled,
    flowing: sampled - missing - stalled,
    minPpsEmployee: round(minEmployee),
    minPpsCarrier: round(minCarrier),
    transcodedPps: { toCarrier, toEmployee },
    ngQueryMs: { p50: round1(percentile(rtts, 50)), max: round1(rtts.at(-1) ?? NaN) },
    readsDoneS: round1(readsDoneS),
    ...(stalledCalls.length ? { stalledCalls } : {}),
    cpu,
    pass: reasons.length === 0,
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
  };
}

/** Setup latency, and the CPU that other work on the machine took meanwhile (noise). */
type MediaLatency = Latency & { othersCpu: number };

async function setupLatency(
  setup: Setup,
  pbx: PbxProcess,
  rtpengine: Rtpengine,
): Promise<MediaLatency> {
  const cpuBefore = cpuSnapshot(rtpengine.pid, pbx.pid, childPids('sipp'));
  const run = await runSipp({
    scenario: setup.scenario,
    remote: setup.target.remote,
    args: [
      ...employeeArgs(setup),
      ...['-r', `${LATENCY_RATE}`, '-m', `${LATENCY_RATE * LATENCY_SECONDS}`],
      ...['-d', `${LATENCY_HOLD_MS}`, '-trace_msg', '-message_file', 'msg.log'],
    ],
    timeoutSeconds: LATENCY_SECONDS + LATENCY_HOLD_MS / 1000 + 6,
  });
  // The employees' SIPp has ended: its CPU is in this process's (reaped children).
  const { others } = cpuShares(cpuBefore, cpuSnapshot(rtpengine.pid, pbx.pid, childPids('sipp')));
  return { ...latencyOf(run), othersCpu: others };
}

/** A PBX process with the carrier trunk (and rtpengine when given) for `body`, then stopped. */
async function withPbx<T>(
  base: Omit<Setup, 'target' | 'csv'>,
  rtpengine: string | undefined,
  body: (setup: Setup, pbx: PbxProcess) => Promise<T>,
): Promise<T> {
  const trunk = `udp:127.0.0.1:${CARRIER_PORT}`;
  const pbx = await startPbxProcess(USERS, rtpengine ? { trunk, rtpengine } : { trunk });
  try {
    const target = {
      name: 'PBX',
      remote: pbx.remote,
      numbers: pbx.numbers,
      password: BENCH_PASSWORD,
    };
    return await body({ ...base, target, csv: usersCsv(target) }, pbx);
  } finally {
    await pbx.stop();
  }
}

/** Ramps the simultaneous bridged calls up to the first failing level (or the time budget). */
async function ramp(setup: Setup, rtpengine: Rtpengine, pbx: PbxProcess, until: number) {
  const ng = new NgClient({ host: '127.0.0.1', port: NG_PORT, timeoutMs: 2000 });
  const levels: LevelResult[] = [];
  try {
    for (const calls of LEVELS) {
      if (performance.now() > until) {
        console.log('  out of time for further levels');
        break;
      }
      await sleep(SETTLE_MS);
      const level = await concurrencyStep(setup, rtpengine, pbx, ng, calls);
      levels.push(level);
      console.log(`  ${calls} calls: ${level.pass ? 'ok' : 'FAIL'} ${describe(level)}`);
      if (!level.pass) break;
    }
  } finally {
    await ng.close();
  }
  return levels;
}

async function measureMediaBridge(): Promise<MediaBridgeFigures> {
  const until = performance.now() + BUDGET_MS;
  const scenario = employeeScenario(mkdtempSync(join(tmpdir(), 'bench-media-')));
  const carrier = startCarrier();
  const base = { scenario, carrierPid: carrier.pid ?? 0 };
  let rtpengine: Rtpengine | undefined;
  try {
    rtpengine = await startRtpengine();
    const bridge = rtpengine;
    const passThrough = await withPbx(base, undefined, (setup, pbx) =>
      setupLatency(setup, pbx, bridge),
    );
    console.log(`  INVITE->200 without the bridge: ${JSON.stringify(passThrough)}`);
    const { bridged, levels } = await withPbx(base, bridge.address, async (setup, pbx) => {
      const bridged = await setupLatency(setup, pbx, bridge);
      console.log(`  INVITE->200 through rtpengine: ${JSON.stringify(bridged)}`);
      return { bridged, levels: await ramp(setup, bridge, pbx, until) };
    });
    return {
      maxConcurrentCalls: levels.filter((l) => l.pass).at(-1)?.calls ?? 0,
      levels,
      latency: { bridged, passThrough },
      rtpengine: { version: rtpengineVersion(), args: bridge.args },
      note:
        `SIPp employees (PCMA only, g711a.pcap looped, ${HOLD_MS / 1000} s calls) -> PBX -> ` +
        'rtpengine (PCMA<->PCMU) -> SIPp carrier (PCMU only, -rtp_echo), 127.0.0.1 in a private netns.',
    };
  } catch (error) {
    if (rtpengine) console.error(`rtpengine's log (tail):\n${rtpengine.log().slice(-2000)}`);
    throw error;
  } finally {
    await rtpengine?.stop();
    carrier.kill('SIGKILL');
  }
}

// --- main -------------------------------------------------------------------------------------

const code = reexecIsolated();
if (code !== undefined) process.exit(code);
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}
const deadline = setTimeout(() => {
  console.error('media bridge bench: over its time budget, giving up');
  process.exit(2);
}, 9 * 60_000);
deadline.unref();

if (spawnSync('rtpengine', ['--version']).error || spawnSync('rtpengine-ctl').error) {
  console.log('media bridge: not measured: apt-get install rtpengine-daemon rtpengine-utils');
  process.exit(0);
}
console.log('media bridge: SIPp -> PBX -> rtpengine (PCMA<->PCMU) -> SIPp');
const figures = await measureMediaBridge();
const file = mergeIntoResults('mediaBridge', figures);
console.log('\n' + mediaBridgeTable(figures) + `\nDetails: ${file} (mediaBridge)`);
process.exit(0);
