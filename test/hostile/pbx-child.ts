/**
 * The PBX under hostile load, in a process of its own (its RSS alone is measured; its open-file
 * limit is raised by the shell that starts it). Argument: the data directory. Prints
 * `{"sip":…,"http":…}` once listening, then answers one JSON line per command on stdin:
 * `mem` (RSS now, and the highest since the last `mem`, sampled every 50 ms), `idle` (RSS after
 * a full GC and a second's settling), `stats` (the guard's and the PBX's counters).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_CONFIG } from '../../pbx/config';
import { createLogger } from '../../pbx/log';
import { setSipThreadNice } from '../../pbx/priority';
import { startPbx } from '../../pbx/server';
import { openDataDirStore } from '../../pbx/store';
import { HOSTILE_DOMAIN, PBX_NICE } from './config';

const dir = process.argv[2] ?? '';
const niceWarning = setSipThreadNice(PBX_NICE);
if (niceWarning) process.stderr.write(`${niceWarning}\n`);
const store = await openDataDirStore(dir, { checkpointInBackground: true });
const pbx = await startPbx({
  ...DEFAULT_CONFIG,
  domain: HOSTILE_DOMAIN,
  listenHost: '127.0.0.1',
  httpPort: 0,
  sipPort: 0,
  sipTlsPort: 0,
  httpsPort: 0,
  store,
  logger: createLogger(process.env.PBX_HOSTILE_LOG ?? 'silent'),
  outboxDir: `${dir}/outbox`,
});
process.stdout.write(`${JSON.stringify({ sip: pbx.ports.sip, http: pbx.ports.http })}\n`);

let highest = 0;
// The event loop's delays: how long a SIP message may have waited behind the attack's work.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const sampler = setInterval(() => {
  highest = Math.max(highest, process.memoryUsage.rss());
}, 50);

const gc = (globalThis as { gc?: () => void }).gc;
const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const command = line.trim();
  if (command === 'mem') {
    const rss = process.memoryUsage.rss();
    answer({ rss, max: Math.max(highest, rss), loopDelayMaxMs: Math.round(loopDelay.max / 1e6) });
    highest = rss;
    loopDelay.reset();
  } else if (command === 'idle') {
    gc?.();
    void sleep(1000).then(() => {
      highest = process.memoryUsage.rss();
      loopDelay.reset();
      answer({ rss: highest });
    });
  } else if (command === 'stats') {
    const { guard } = pbx.transport;
    answer({ ...guard.stats, connections: guard.size, ...pbx.stats, bindings: pbx.bindings.size });
  }
});
input.on('close', () => {
  clearInterval(sampler);
  void pbx
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
