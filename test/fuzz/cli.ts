/**
 * `npm run fuzz -- [--seconds N | --minutes N] [--seed N] [--concurrency N] [--keep-going]
 * [--without family,...] [--only scenario,...] [--no-media] [--replay SEED:INDEX | FILE]`.
 * Prints the seed first, a progress line per batch, each crash with its message, and the
 * counts against issue 18's floors. Exit status 1 on any exit, unhandled rejection or failed
 * check call, and, for a run of 10 minutes or more, on any floor missed.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, verdicts } from './counters';
import type { CrashReport } from './crash';
import { fuzz } from './fuzzer';
import { replay } from './replay';
import { DEFAULT_RATES } from './run';
import { rtpengineInstalled, startFuzzRtpengine, type FuzzRtpengine } from './rtpengine';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios';
import { DEFAULT_WORLD } from './world';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    'batch-seconds': { type: 'string', default: '10' },
    'mutation-rate': { type: 'string', default: String(DEFAULT_RATES.mutation) },
    'hostile-rate': { type: 'string', default: String(DEFAULT_RATES.hostile) },
    without: { type: 'string', default: '' },
    only: { type: 'string' },
    'keep-going': { type: 'boolean', default: false },
    'no-isolate': { type: 'boolean', default: false },
    'no-media': { type: 'boolean', default: false },
    replay: { type: 'string' },
    out: { type: 'string', default: join(tmpdir(), 'pbx-fuzz') },
    'pbx-log': { type: 'string', default: 'silent' },
  },
});

const seconds = values.minutes ? Number(values.minutes) * 60 : Number(values.seconds ?? 60);
const seed =
  values.seed !== undefined ? Number(values.seed) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const only = values.only?.split(',').filter(Boolean) as ScenarioName[] | undefined;
for (const name of only ?? []) {
  if (!SCENARIO_NAMES.includes(name))
    throw new Error(`no scenario "${name}": ${SCENARIO_NAMES.join(', ')}`);
}
const media = !values['no-media'] && rtpengineInstalled();
let rtpengine: FuzzRtpengine | undefined;

async function main(): Promise<number> {
  rtpengine = media ? await startFuzzRtpengine() : undefined;
  const world = {
    ...DEFAULT_WORLD,
    rtpengine: rtpengine && { host: rtpengine.host, port: rtpengine.port },
    logLevel: values['pbx-log'] as 'silent',
  };
  const play = {
    rates: { mutation: Number(values['mutation-rate']), hostile: Number(values['hostile-rate']) },
    without: new Set(values.without.split(',').filter(Boolean)),
    media,
    only,
  };
  if (values.replay) {
    const target = parseReplay(values.replay);
    const outcome = await replay(target.seed, target.index, { ...play, ...target.play }, world);
    console.log(outcome.summary);
    return outcome.survived ? 0 : 1;
  }
  console.log(
    `fuzz: seed ${seed}, ${seconds} s, ${values.concurrency} in flight, rtpengine ${media ? 'on' : 'off'}` +
      (play.without.size > 0 ? `, without ${[...play.without].join(',')}` : ''),
  );
  const result = await fuzz({
    ...play,
    seed,
    seconds,
    concurrency: Number(values.concurrency),
    batchSeconds: Number(values['batch-seconds']),
    keepGoing: values['keep-going'],
    isolateCrashes: !values['no-isolate'],
    world,
    rtpengineCpu: rtpengine && (() => rtpengine?.cpuSeconds()),
    mediaCalls: rtpengine && (() => rtpengine!.callCount()),
    outDir: values.out,
    log: (line) => console.log(line),
  });
  console.log(
    formatReport(result.counts, result.memory, result.seconds, result.faults, result.cpu),
  );
  const tally = (title: string, counted: Map<string, number>) => {
    if (counted.size === 0) return;
    const top = [...counted].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`\n  ${title}: ${top.map(([r, n]) => `${n}× ${r}`).join('; ')}`);
  };
  tally('aborted scenarios, by where they waited', result.aborts);
  tally('calls the PBX refused before ringing, by reason', result.refusals);
  if (result.distinct.size > 0) {
    console.log(`\n${result.distinct.size} distinct crash(es), seed ${seed}:`);
    for (const [top, report] of result.distinct) {
      const where = report.culprit
        ? `${seed}:${report.culprit.index} step ${report.culprit.step}`
        : 'not isolated';
      console.log(`  ${top}\n    ${where}; ${report.file}`);
    }
  }
  const hard = ['exits', 'uncaughtExceptions', 'unhandledRejections', 'checkCalls'];
  const failed = verdicts(result.counts, result.memory, result.seconds, result.faults).filter(
    (v) => !v.pass && (seconds >= 600 || hard.includes(v.name)),
  );
  return failed.length === 0 ? 0 : 1;
}

/** `SEED:INDEX` (with this command's flags), or a crash report file (with its flags). */
function parseReplay(text: string): { seed: number; index: number; play: object } {
  const match = /^(\d+):(\d+)$/.exec(text);
  if (match) return { seed: Number(match[1]), index: Number(match[2]), play: {} };
  const report = JSON.parse(readFileSync(text, 'utf8')) as CrashReport;
  if (!report.culprit) throw new Error(`${text} names no scenario that crashed the PBX alone`);
  const { rates, without, media, only } = report.flags;
  const play = { rates, without: new Set(without), media, only };
  return { seed: report.seed, index: report.culprit.index, play };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    rtpengine?.stop();
    process.exit(130);
  });
}

main()
  .then((code) => {
    rtpengine?.stop();
    process.exit(code);
  })
  .catch((error: unknown) => {
    rtpengine?.stop();
    console.error(error);
    process.exit(2);
  });
