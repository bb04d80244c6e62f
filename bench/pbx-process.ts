/**
 * The PBX under test, in its own process (its own core), on the data directory given as its
 * argument, SIP on 127.0.0.1 with OS-chosen ports. Optional `--trunk udp:IP:PORT` and
 * `--rtpengine IP:PORT` after the directory give it a carrier trunk and a media bridge
 * (bench/media-bridge.ts); without them it has neither. `--database postgres://…` runs it on
 * PostgreSQL (the directory then only keeps the outbox). `--report-effects` prints
 * `{"effect":{"key":…,"numbers":[…],"at":ms}}` each time a change reaches its directory (`at`:
 * performance.timeOrigin + now(), the clock the bench stamps commits with: one machine).
 * Prints `{"sip":port,"readyMs":…}` as one line (ms since the process began),
 * then answers `mem` on stdin with `{"rss":…,"heapUsed":…,"bindings":…}` (after a full GC
 * when node runs with --expose-gc).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { DEFAULT_CONFIG } from '../pbx/config';
import { createLogger } from '../pbx/log';
import { setSipThreadNice } from '../pbx/priority';
import { rtpengineSchema } from '../pbx/media/config';
import { startPbx } from '../pbx/server';
import { openDataDirStore, openPostgresStore } from '../pbx/store';
import { trunkSchema } from '../pbx/trunk/config';
import { BENCH_DOMAIN, SERVER_NICE } from './config';

// The employees are in the data directory already (bench/pbx.ts made them), as in a deployment.
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    trunk: { type: 'string' },
    rtpengine: { type: 'string' },
    database: { type: 'string' },
    'report-effects': { type: 'boolean' },
  },
});
const dir = positionals[0] ?? '';
const niceWarning = setSipThreadNice(SERVER_NICE);
if (niceWarning) process.stderr.write(`${niceWarning}\n`);
const store = values.database
  ? await openPostgresStore(values.database)
  : await openDataDirStore(dir, { checkpointInBackground: true });
const pbx = await startPbx({
  ...DEFAULT_CONFIG,
  domain: BENCH_DOMAIN,
  listenHost: '127.0.0.1',
  httpPort: 0,
  sipPort: 0,
  sipTlsPort: 0,
  httpsPort: 0,
  logLevel: 'silent',
  store,
  logger: createLogger('silent'),
  outboxDir: join(dir, 'outbox'),
  ...(values.trunk ? { trunk: trunkSchema.parse(values.trunk) } : {}),
  ...(values.rtpengine ? { rtpengine: rtpengineSchema.parse(values.rtpengine) } : {}),
});
if (values['report-effects']) {
  pbx.directory.onUpdate(({ change, sipNumbers }) => {
    const at = performance.timeOrigin + performance.now();
    const effect = { key: change.key, numbers: sipNumbers, at };
    process.stdout.write(JSON.stringify({ effect }) + '\n');
  });
}
process.stdout.write(JSON.stringify({ sip: pbx.ports.sip, readyMs: performance.now() }) + '\n');

const SETTLE_AFTER_GC_MS = 1000;
const gc = (globalThis as { gc?: () => void }).gc;
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === 'mem') void answerMemory();
  // Stops but leaves the data directory for the next process (PbxProcess.restart).
  if (line.trim() === 'exit-keep') void shutdown(true);
});

/**
 * Memory after a full GC and the second that follows it: V8 hands the pages a GC freed back
 * to the system from a background thread, so RSS read at once still counts some of them.
 */
async function answerMemory(): Promise<void> {
  gc?.();
  await sleep(SETTLE_AFTER_GC_MS);
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  // Per heap space, MB committed/used: where heapTotal's slack is when it exceeds heapUsed.
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [
      s.space_name.replace('_space', ''),
      `${(s.space_size / 1e6).toFixed(1)}/${(s.space_used_size / 1e6).toFixed(1)}`,
    ]),
  );
  const bindings = pbx.bindings.size;
  const memory = {
    rss,
    heapUsed,
    heapTotal,
    external,
    arrayBuffers,
    bindings,
    spaces,
    stats: pbx.stats,
  };
  process.stdout.write(JSON.stringify(memory) + '\n');
}
input.on('close', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

async function shutdown(keepDir = false): Promise<void> {
  await pbx.stop();
  await store.close();
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
