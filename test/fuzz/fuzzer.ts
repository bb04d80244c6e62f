/**
 * The fuzzer's main loop: `concurrency` scenarios in flight against one PBX child, in batches;
 * after each batch the harness's figures (alive, RSS, faults) and a check call that must
 * complete. A death stops the run (or, with `keepGoing`, restarts the PBX after the report).
 */
import { checkCall } from './check-call';
import { emptyCounts, type Counts, type CpuUse, type Memory } from './counters';
import {
  describeRecent,
  formatCrash,
  isolate,
  replayFlags,
  stackTop,
  writeReport,
  type CrashReport,
} from './crash';
import { play, type PlayOptions } from './play';
import { World, type WorldOptions } from './world';

export interface FuzzOptions extends PlayOptions {
  seed: number;
  seconds: number;
  concurrency: number;
  batchSeconds: number;
  /** After a crash: report it, start a new PBX, go on (to find the next distinct crash). */
  keepGoing: boolean;
  /** Try to find the scenario and message of a crash (costs a few seconds per crash). */
  isolateCrashes: boolean;
  world: WorldOptions;
  /** rtpengine's CPU so far, when the fuzzer started one (for the CPU figures). */
  rtpengineCpu?: () => number | undefined;
  /** How many calls rtpengine holds now (shown with progress: a media leak grows it). */
  mediaCalls?: () => Promise<number | undefined>;
  outDir: string;
  log: (line: string) => void;
}

export interface FuzzResult {
  counts: Counts;
  memory: Memory;
  seconds: number;
  faults?: number;
  crashes: CrashReport[];
  /** Distinct crashes by stack top. */
  distinct: Map<string, CrashReport>;
  /** Scenarios given up, by scenario and the step the PBX did not answer. */
  aborts: Map<string, number>;
  /** Calls the PBX refused before ringing anyone, by scenario, status and reason. */
  refusals: Map<string, number>;
  cpu: CpuUse;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzResult> {
  const counts = emptyCounts();
  const memory: Memory = {};
  const crashes: CrashReport[] = [];
  const distinct = new Map<string, CrashReport>();
  let next = 0;
  let checks = 0;
  let faults: number | undefined;
  let errorsShown = 0;
  const aborts = new Map<string, number>();
  const refusals = new Map<string, number>();
  const playOptions: PlayOptions = {
    ...options,
    onAbort: (reason) => aborts.set(reason, (aborts.get(reason) ?? 0) + 1),
    onRefusal: (reason) => refusals.set(reason, (refusals.get(reason) ?? 0) + 1),
    onFuzzerError: (error, index) => {
      if (errorsShown++ < 5)
        options.log(`fuzzer error in scenario ${index}: ${(error as Error)?.stack ?? error}`);
    },
  };

  let world = await World.create(options.world, counts);
  let seen = { uncaught: 0, unhandled: 0 };
  // The clock starts once every device is registered; so does the CPU count.
  const started = Date.now();
  const cpu: CpuUse = { pbx: 0, fuzzer: 0 };
  const ownStart = process.cpuUsage();
  const rtpStart = options.rtpengineCpu?.();
  let pbxFrom = (await world.pbx.status())?.cpu ?? 0;
  let fuzzedMs = 0;
  const deadline = started + options.seconds * 1000;
  // RSS is compared from once transactions linger at their level (32 s timers): after the
  // first batch past half the run or a minute, whichever comes first.
  const warmUp = Math.min(60_000, options.seconds * 500);
  let warmUpUntil = started + warmUp;
  try {
    while (Date.now() < deadline) {
      const active = new Set<number>();
      let suspects: number[] = [];
      world.pbx.onExit(() => {
        const recent = [...world.recent].reverse().map((r) => r.run);
        // Who sent last first, then whatever else was in flight (a crash after a media round
        // trip comes later than the message that caused it).
        suspects = [...new Set([...recent, ...active])].filter((i) => i >= 0).slice(0, 64);
      });
      const batchStart = Date.now();
      const batchEnd = Math.min(deadline, batchStart + options.batchSeconds * 1000);
      const worker = async () => {
        while (Date.now() < batchEnd && !world.dead) {
          const index = next++;
          active.add(index);
          await play(world, options.seed, index, playOptions);
          active.delete(index);
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      // Fuzzing time only: not the check calls' seconds, nor a crash's investigation.
      fuzzedMs += Date.now() - batchStart;
      if (!world.dead) {
        const status = await world.pbx.status(true);
        if (status) {
          faults = status.faults;
          cpu.pbx += status.cpu - pbxFrom;
          pbxFrom = status.cpu;
          // A PBX whose own policy keeps it alive after one would show them here.
          counts.uncaughtExceptions += status.uncaught - seen.uncaught;
          counts.unhandledRejections += status.unhandled - seen.unhandled;
          seen = { uncaught: status.uncaught, unhandled: status.unhandled };
          if (Date.now() >= warmUpUntil) {
            memory.first ??= status.rss;
            memory.last = status.rss;
            const { rss, heapUsed, tables } = status;
            (memory.samples ??= []).push({ rss, heapUsed, tables });
          }
          memory.max = Math.max(memory.max ?? 0, status.rss);
        }
        const failure = world.dead
          ? 'the PBX is gone'
          : await checkCall(world, options.seed, checks++);
        if (failure) {
          counts.checkCallsFailed++;
          options.log(`check call ${checks} failed: ${failure}`);
        } else {
          counts.checkCallsPassed++;
        }
      }
      if (world.dead) {
        for (const report of await investigate(world, suspects, options)) {
          crashes.push(report);
          if (!distinct.has(report.stackTop)) distinct.set(report.stackTop, report);
          options.log(formatCrash(report));
        }
        await world.close();
        if (!options.keepGoing || Date.now() >= deadline) break;
        world = await World.create(options.world, counts);
        seen = { uncaught: 0, unhandled: 0 };
        // RSS is one process's: a new PBX starts its own first figure after its own warm-up.
        memory.first = undefined;
        memory.samples = [];
        warmUpUntil = Date.now() + warmUp;
        pbxFrom = (await world.pbx.status())?.cpu ?? 0;
      }
      const held = await heldCalls(world, options);
      options.log(`${progress(counts, fuzzedMs / 1000)}${held}`);
    }
  } finally {
    await world.close();
  }
  const own = process.cpuUsage(ownStart);
  cpu.fuzzer = (own.user + own.system) / 1e6;
  const rtpEnd = options.rtpengineCpu?.();
  if (rtpStart !== undefined && rtpEnd !== undefined) cpu.rtpengine = rtpEnd - rtpStart;
  const seconds = fuzzedMs / 1000;
  return { counts, memory, seconds, faults, crashes, distinct, aborts, refusals, cpu };
}

/**
 * The report of a death; the suspects played alone may also find other crashes, each reported
 * on its own (the second and later entries).
 */
async function investigate(
  world: World,
  suspects: number[],
  options: FuzzOptions,
): Promise<CrashReport[]> {
  const fault = world.pbx.crash();
  if (fault?.kind === 'unhandledRejection') world.counts.unhandledRejections++;
  else if (fault) world.counts.uncaughtExceptions++;
  const report: CrashReport = {
    seed: options.seed,
    flags: replayFlags(options),
    stackTop: stackTop(fault),
    fault,
    exit: world.pbx.exit,
    suspects,
    recent: describeRecent(world.recent),
    stderr: world.pbx.stderr().slice(-4000),
  };
  const reports = [report];
  if (options.isolateCrashes) {
    options.log(`the PBX died (${report.stackTop}); playing ${suspects.length} suspects alone`);
    const found = await isolate(options.seed, suspects, options, options.world, report.stackTop);
    const same = found.find((f) => f.stackTop === report.stackTop);
    if (same) {
      report.culprit = same.culprit;
      report.replayStackTop = same.stackTop;
    }
    for (const other of found.filter((f) => f !== same)) {
      reports.push({
        ...report,
        stackTop: other.stackTop,
        fault: other.fault,
        culprit: other.culprit,
        replayStackTop: other.stackTop,
        exit: undefined,
        suspects: [other.culprit.index],
        recent: [],
        stderr: '',
      });
    }
  }
  for (const r of reports) r.file = writeReport(options.outDir, r);
  return reports;
}

/** The carrier calls the PBX holds and the calls rtpengine holds: flat while calls come and go. */
async function heldCalls(world: World, options: FuzzOptions): Promise<string> {
  const tables = world.dead ? undefined : (await world.pbx.status())?.tables;
  const media = await options.mediaCalls?.().catch(() => undefined);
  return (
    `, trunk calls ${tables?.['core.trunk.calls'] ?? 'n/a'}` +
    (options.mediaCalls ? `, media calls ${media ?? 'n/a'}` : '')
  );
}

function progress(counts: Counts, seconds: number): string {
  const rate = (n: number) => (n / Math.max(1, seconds)).toFixed(0);
  return (
    `[${seconds.toFixed(0)} s] dialogs ${counts.dialogsCompleted} (${rate(counts.dialogsCompleted)}/s), ` +
    `messages ${counts.messagesSent} (${rate(counts.messagesSent)}/s), in-dialog ${counts.inDialogMutations}, ` +
    `stray ${counts.strayOrForgedResponses}, stream ${counts.streamFrames}, ws ${counts.webSocketFrames}, ` +
    `aborted ${counts.scenariosAborted}, checks ${counts.checkCallsPassed}/${counts.checkCallsPassed + counts.checkCallsFailed}`
  );
}
