/**
 * The PBX under test, in its own process (its own core): a fresh data directory with
 * `--users` employees sharing one password, SIP on 127.0.0.1 with OS-chosen ports.
 * Prints `{"sip":port,"numbers":[...]}` as one line, then answers `mem` on stdin with
 * `{"rss":…,"heapUsed":…,"bindings":…}` (after a full GC when node runs with --expose-gc).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_CONFIG } from '../pbx/config';
import { createEmployee } from '../pbx/directory';
import { createLogger } from '../pbx/log';
import { startPbx } from '../pbx/server';
import { openDataDirStore } from '../pbx/store';
import { BENCH_DOMAIN, BENCH_PASSWORD } from './config';

const users = Number(process.argv[2] ?? '10000');
const dir = mkdtempSync(join(tmpdir(), 'pbx-bench-'));
const store = openDataDirStore(dir);
const companyId = store.companies.create({ name: 'Bench Company' }).id;
const numbers = store.transaction(() =>
  Array.from(
    { length: users },
    (_, i) =>
      createEmployee(
        store,
        { companyId, name: `Employee ${i + 1}`, password: BENCH_PASSWORD },
        BENCH_DOMAIN,
      ).sipNumber,
  ),
);
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
});
process.stdout.write(JSON.stringify({ sip: pbx.ports.sip, numbers }) + '\n');

const gc = (globalThis as { gc?: () => void }).gc;
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() !== 'mem') return;
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(JSON.stringify({ rss, heapUsed, bindings: pbx.bindings.size }) + '\n');
});
input.on('close', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

async function shutdown(): Promise<void> {
  await pbx.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
