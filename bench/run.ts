import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
/**
 * `npm run bench [-- --kamailio] [-- --database sqlite|postgres|both]`: load tests of the PBX with SIPp over UDP on 127.0.0.1, in a
 * private network namespace; the PBX runs in its own process. Prints a table, writes
 * bench/results/latest.json. See bench/README.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as config from './config';
import { INSTALL_HINT, kamailioInstalled, startKamailio } from './kamailio';
import {
  callStep,
  findLimit,
  pairsCsv,
  recoveryAfterOverload,
  registerAll,
  registerStep,
  setupLatency,
  startCallee,
  usersCsv,
  type Target,
} from './measure';
import { runFuzzBench } from './fuzz/run';
import { runHostileBench } from './hostile';
import { reexecIsolated } from './netns';
import { startPbxProcess, type PbxProcess } from './pbx';
import { startBenchPostgres } from './postgres';
import { mergeIntoResults, recoveryCell, report, type Figures } from './report';
import { driversOf, runStoreBench } from './store-bench';
import { databaseTable, type Driver } from './store-figures';
import { measureSoftphone } from './softphone';

const code = reexecIsolated();
if (code !== undefined) process.exit(code);
if (process.argv.includes('--fuzz'))
  process.exit(runFuzzBench(process.argv.slice(2).filter((a) => a !== '--fuzz')));
if (process.argv.includes('--hostile')) process.exit(await runHostileBench(process.argv.slice(2)));
if (process.argv.includes('--store')) process.exit(await runStoreBench(process.argv.slice(2)));

const withKamailio = process.argv.includes('--kamailio');
// The SIP benchmark's PBX on SQLite (the default), PostgreSQL, or each in turn.
const databases: Driver[] = process.argv.includes('--database')
  ? driversOf(process.argv)
  : ['sqlite'];
const deadline = setTimeout(
  () => {
    console.error('bench: over its time budget, giving up');
    process.exit(2);
  },
  (withKamailio ? 26 : 16) * 60_000 + (databases.length - 1) * 16 * 60_000,
);
deadline.unref();

async function measure(target: Target, pbx?: PbxProcess): Promise<Figures> {
  console.log(`${target.name} at ${target.remote}, ${target.numbers.length} users`);
  const csv = usersCsv(target);
  const pairs = pairsCsv(target);
  const idle = await pbx?.memory();
  // Every user registers once: the memory figure, and the devices the calls below ring.
  if (!(await registerAll(target, csv))) console.warn('  not every user could register');
  let memory: Figures['memory'];
  if (pbx && idle) {
    const afterRegister = await pbx.memory();
    // REGISTER server transactions linger 32 s on UDP (Timer J); measure once they have gone.
    await sleep(33_000);
    memory = { idle, afterRegister, registered: await pbx.memory() };
    console.log(`  ${memory.registered.bindings} bindings, RSS ${memory.registered.rss} bytes`);
  }
  let uas = await startCallee();
  try {
    // Latency first, on a quiet PBX: the overload steps of the ramps below leave thousands of
    // transactions behind for 32 s (Timer J), which is not the 100 calls/s being measured.
    const latency = await setupLatency(target, pairs);
    console.log(`  INVITE->200 at ${config.LATENCY_RATE}/s: ${JSON.stringify(latency)}`);
    // Each rate is confirmed on a new PBX process (same employees, registered again) with a new
    // UAS: a confirming run right after an overload measured the recovery of both, not the rate
    // (bench/README).
    const fresh = pbx
      ? async () => {
          uas.kill();
          await pbx.restart();
          uas = await startCallee();
          target.remote = pbx.remote;
          if (!(await registerAll(target, csv))) console.warn('  not every user could register');
          await sleep(config.SETTLE_MS);
        }
      : undefined;
    const register = await findLimit(
      'REGISTER',
      config.REGISTER_RATES,
      (rate, seconds) => registerStep(target, csv, rate, seconds),
      fresh,
    );
    const calls = await findLimit(
      'calls',
      config.CALL_RATES,
      (rate, seconds) => callStep(target, pairs, rate, seconds),
      fresh,
    );
    await fresh?.();
    const recovery = await recoveryAfterOverload(target, pairs, calls.rate);
    console.log(`  recovery after overload: ${recoveryCell(recovery)}`);
    return { register, calls, latency, memory, recovery };
  } finally {
    uas.kill();
  }
}

const isolated = process.env.PBX_BENCH_NETNS ? 'private network namespace' : 'host network';
const note =
  `SIPp over UDP on 127.0.0.1 (${isolated}); latency from SIPp's message trace (us); ` +
  `PBX on ${databases.join(', then ')}.`;
const postgres = databases.includes('postgres') ? await startBenchPostgres() : undefined;
const byDatabase = new Map<Driver, Figures>();
for (const database of databases) {
  const url = database === 'postgres' ? await postgres?.newDatabase() : undefined;
  const pbx = await startPbxProcess(undefined, {}, url ? { database: url } : {});
  try {
    const name = database === 'postgres' ? 'PBX on PostgreSQL' : 'PBX';
    const target = { name, remote: pbx.remote, numbers: pbx.numbers, pid: () => pbx.pid };
    byDatabase.set(database, await measure({ ...target, password: config.BENCH_PASSWORD }, pbx));
  } finally {
    await pbx.stop();
  }
}
postgres?.stop();
const pbxFigures = byDatabase.get(databases[0]!)!;

let kamailioFigures: Figures | undefined;
if (withKamailio && !kamailioInstalled()) console.log(INSTALL_HINT);
else if (withKamailio) {
  const kamailio = await startKamailio();
  try {
    kamailioFigures = await measure(kamailio.target);
  } finally {
    await kamailio.stop();
  }
}
console.log('softphone in Chromium (10 runs)');
const softphone = await measureSoftphone();
console.log('\n' + report(pbxFigures, kamailioFigures, note, softphone));
const [sqlite, onPostgres] = [byDatabase.get('sqlite'), byDatabase.get('postgres')];
if (sqlite && onPostgres) {
  const rates = (f: Figures) => ({ register: f.register.rate, calls: f.calls.rate });
  console.log('\n' + databaseTable(rates(sqlite), rates(onPostgres)));
  mergeIntoResults('postgres', onPostgres);
}
// Region lookups in the numbering table, in a process of their own (issue 6: >= 1,000,000/s).
console.log('\nnumbering lookups');
spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'numbering.ts')], {
  stdio: 'inherit',
});
// The media bridge (issue 7): SIPp to SIPp through the PBX and rtpengine, with RTP and
// transcoding; a process of its own with its own time limit (~6 min), which adds `mediaBridge`
// to latest.json.
clearTimeout(deadline);
console.log('\nmedia bridge');
spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'media-bridge.ts')], {
  stdio: 'inherit',
});
