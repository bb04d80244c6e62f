/**
 * The PBX under fuzz, in a process of its own (started by `pbx-child.ts` with Node IPC), so that
 * any exit is seen. It builds a company on a temporary SQLite database, starts the PBX with a
 * UDP trunk to the fuzzer's fake carrier (and rtpengine when given), and reports over IPC:
 * ready (ports, employees), status (RSS, `stats.faults` once the PBX has it, the uncaught
 * exceptions and unhandled rejections seen here). A crash is also written to a file
 * synchronously, since the IPC channel may not outlive the process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../../pbx/config';
import { createEmployee } from '../../pbx/directory';
import { createLogger } from '../../pbx/log';
import { startPbx, type RunningPbx } from '../../pbx/server';
import { openSqliteStore } from '../../pbx/store';
import type { HarnessConfig, HarnessReady, HarnessStatus, HarnessFault } from './harness-protocol';
import { tableSizes } from './tables';

const config = JSON.parse(process.env.FUZZ_HARNESS ?? '{}') as HarnessConfig;
let uncaught = 0;
let unhandled = 0;

function recordFault(kind: HarnessFault['kind'], error: unknown, origin: string): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const fault: HarnessFault = {
    type: 'fault',
    kind,
    origin,
    name: err.name,
    message: err.message.slice(0, 2000),
    stack: (err.stack ?? '').slice(0, 8000),
  };
  try {
    writeFileSync(config.crashFile, JSON.stringify(fault));
  } catch {
    // nowhere to write: the IPC message below is the only record
  }
  process.send?.(fault);
}

// A monitor sees an uncaught exception without changing what happens next (Node exits), so
// the PBX's own policy, or Node's default, still decides.
process.on('uncaughtExceptionMonitor', (error, origin) => {
  if (origin === 'unhandledRejection') unhandled++;
  else uncaught++;
  recordFault(
    origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException',
    error,
    origin,
  );
});
// An unhandledRejection listener would silence Node's default (exit), so when it is the only
// one (the PBX has no policy of its own) it does what Node would: report and exit with 1.
process.on('unhandledRejection', (reason) => {
  unhandled++;
  recordFault('unhandledRejection', reason, 'unhandledRejection');
  if (process.listenerCount('unhandledRejection') === 1) {
    process.stderr.write(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}\n`);
    process.exit(1);
  }
});
process.on('disconnect', () => process.exit(0));
// Stopped by the fuzzer: a normal exit, so `--cpu-prof` (FUZZ_PBX_NODE_FLAGS) writes its profile.
process.on('SIGTERM', () => process.exit(0));

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pbx-fuzz-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const store = await openSqliteStore(join(dataDir, 'pbx.sqlite'));
  await store.settings.set('domain', config.domain);
  const { id: companyId } = await store.companies.create({ name: 'Fuzz Company' });
  const company = store.forCompany(companyId);
  const employees: { id: number; number: string }[] = [];
  for (let i = 0; i < config.employees; i++) {
    const created = await createEmployee(
      company,
      { name: `Employee ${i}`, password: config.password },
      config.domain,
    );
    await company.sipNumbers.updateSettings(created.sipNumber, {
      channels: 10,
      multiTerminal: true,
    });
    employees.push({ id: created.employee.id, number: created.sipNumber });
  }
  const companyNumbers: { number: string; employee: string }[] = [];
  for (const [i, employee] of employees.slice(0, config.companyNumbers).entries()) {
    const number = `+7495230${String(i).padStart(4, '0')}`;
    await company.companyNumbers.create({
      number,
      region: 'Москва',
      enabled: true,
      isDefault: i === 0,
      inboundEmployeeId: employee.id,
    });
    companyNumbers.push({ number, employee: employee.number });
  }
  const pbx: RunningPbx = await startPbx({
    ...DEFAULT_CONFIG,
    domain: config.domain,
    listenHost: '127.0.0.1',
    httpPort: 0,
    sipPort: 0,
    sipTlsPort: 0,
    httpsPort: 0,
    ringTimeoutSeconds: 10,
    sessionExpiresSeconds: 90,
    store,
    logger: createLogger(config.logLevel),
    outboxDir: join(dataDir, 'outbox'),
    trunk: { transport: 'udp', host: '127.0.0.1', port: config.carrierPort },
    // Debugging a scenario: FUZZ_SIP_TRACE=1 logs every message the PBX receives.
    sipTrace: process.env.FUZZ_SIP_TRACE === '1',
    rtpengine: config.rtpengine,
  });
  const ready: HarnessReady = {
    type: 'ready',
    sip: pbx.ports.sip,
    http: pbx.ports.http,
    employees: employees.map((e) => e.number),
    companyNumbers,
  };
  process.send?.(ready);
  process.on('message', (message: { type?: string; gc?: boolean }) => {
    if (message.type !== 'status') return;
    if (message.gc) (globalThis as { gc?: () => void }).gc?.();
    process.send?.(status(pbx));
  });
}

/** `stats.faults` appears with the fault barrier (issue 18); read it wherever it lives. */
function status(pbx: RunningPbx): HarnessStatus {
  const anyPbx = pbx as unknown as { stats?: { faults?: number } };
  const transportStats = pbx.transport.stats as unknown as Record<string, number>;
  const faults = anyPbx.stats?.faults ?? transportStats.faults;
  const memory = process.memoryUsage();
  return {
    type: 'status',
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    tables: tableSizes(pbx),
    cpu: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    faults: typeof faults === 'number' ? faults : undefined,
    received: transportStats.received ?? 0,
    malformed: transportStats.malformed ?? 0,
    uncaught,
    unhandled,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`harness: the PBX did not start: ${(error as Error)?.stack ?? error}\n`);
  process.exit(3);
});
