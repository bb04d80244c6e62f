import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createEmployee } from '../pbx/directory';
import { copyStore, openDataDirStore, openPostgresStore, type Store } from '../pbx/store';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { PBX_ENV, PBX_NODE_FLAGS } from '../scripts/pbx.mjs';
import { BENCH_DOMAIN, BENCH_PASSWORD, ROOT, USERS } from './config';

export interface Memory {
  rss: number;
  heapUsed: number;
  /** Heap V8 keeps committed: what RSS holds on to after a peak. */
  heapTotal: number;
  /** Memory outside the JS heap held by JS objects (Buffers). */
  external: number;
  bindings: number;
  /** The PBX's counters (refusals over the per-address limit, faults...): why a run failed. */
  stats?: Record<string, number>;
}

export interface PbxProcess {
  remote: string;
  numbers: string[];
  pid: number;
  /** The data directory (SQLite's file, or the outbox only when on PostgreSQL). */
  dir: string;
  /** How long seeding the data (and copying it to PostgreSQL) took, ms. */
  preparedMs: number;
  /** When the last process started listening: ms since it began (bench/pbx-process.ts). */
  readyMs: number;
  /** Memory after a full GC, as the PBX process reports it. */
  memory(): Promise<Memory>;
  /** A new process on the same data directory (same employees; no bindings; new ports). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A carrier trunk and a media bridge for the PBX process (bench/media-bridge.ts). */
export interface PbxMediaOptions {
  /** `udp:IP:PORT` of the carrier; the company gets the number COMPANY_NUMBER for its calls. */
  trunk?: string;
  /** `IP:PORT` of rtpengine's ng socket. */
  rtpengine?: string;
}

/** Where the PBX keeps its data, and what is in it (bench/store-bench.ts). */
export interface PbxDataOptions {
  /** An empty PostgreSQL database (postgres://…): the data is seeded, then copied there. */
  database?: string;
  /** Fills the fresh store instead of `users` employees of one company; returns SIP numbers. */
  seed?: (store: Store) => Promise<string[]>;
  /** Each change that reaches the PBX's directory (`--report-effects`). */
  onEffect?: (effect: Effect) => void;
}

/** A change applied in the PBX's directory: its key, the SIP numbers it touched, when (ms). */
export interface Effect {
  key: string;
  numbers: string[];
  at: number;
}

/** The company's number (caller ID) on calls to the carrier, when the PBX has a trunk. */
export const COMPANY_NUMBER = '+74952300000';

/**
 * Starts bench/pbx-process.ts in its own Node process, bundled to plain JavaScript first as a
 * deployment runs it (no TypeScript loader in the measured process). Extra Node flags (e.g.
 * `--cpu-prof`) come from PBX_BENCH_NODE_FLAGS.
 */
export async function startPbxProcess(
  users = USERS,
  media: PbxMediaOptions = {},
  data: PbxDataOptions = {},
): Promise<PbxProcess> {
  const flags = (process.env.PBX_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const bundle = join(ROOT, 'out/bench/pbx-process.mjs');
  await build({
    entryPoints: [join(ROOT, 'bench/pbx-process.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  // The shipped numbering table is read next to the code (pbx/numbering/numbering-table.ts).
  copyFileSync(join(ROOT, 'pbx/numbering/ru-ranges.txt'), join(dirname(bundle), 'ru-ranges.txt'));
  const preparing = performance.now();
  const { dir, numbers } = await prepareDataDir(users, media.trunk !== undefined, data);
  const preparedMs = performance.now() - preparing;
  const extra = [
    ...(data.database ? ['--database', data.database] : []),
    ...(data.onEffect ? ['--report-effects'] : []),
    ...(media.trunk ? ['--trunk', media.trunk] : []),
    ...(media.rtpengine ? ['--rtpengine', media.rtpengine] : []),
  ];
  const spawnChild = () =>
    startChild([...PBX_NODE_FLAGS, ...flags, '--expose-gc', bundle, dir, ...extra], data.onEffect);
  let child = await spawnChild();
  return {
    get remote() {
      return child.remote;
    },
    numbers,
    dir,
    preparedMs,
    get pid() {
      return child.pid;
    },
    get readyMs() {
      return child.readyMs;
    },
    memory: () => child.memory(),
    async restart() {
      await child.stop('exit-keep');
      child = await spawnChild();
    },
    stop: () => child.stop(),
  };
}

interface Child {
  remote: string;
  pid: number;
  readyMs: number;
  memory(): Promise<Memory>;
  /** Closes stdin (the process removes its data directory), or sends `command` first. */
  stop(command?: string): Promise<void>;
}

/** Starts one PBX process with `args` and waits until it listens. */
async function startChild(args: string[], onEffect?: (effect: Effect) => void): Promise<Child> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // The runtime settings `npm run server` uses (scripts/pbx.mjs).
    env: { ...PBX_ENV, ...process.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  // Answers are JSON lines; anything else (e.g. --trace-gc output from the flags) goes to stderr.
  lines.on('line', (line) => {
    if (line.startsWith('{"effect"')) onEffect?.((JSON.parse(line) as { effect: Effect }).effect);
    else if (line.startsWith('{')) waiting.shift()?.(line);
    else process.stderr.write(`pbx: ${line}\n`);
  });
  const nextLine = (timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the PBX process did not answer')),
        timeoutMs,
      );
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const ready = JSON.parse(await nextLine(120_000)) as { sip: number; readyMs: number };
  return {
    remote: `127.0.0.1:${ready.sip}`,
    pid: child.pid ?? 0,
    readyMs: ready.readyMs,
    async memory() {
      child.stdin.write('mem\n');
      return JSON.parse(await nextLine(10_000)) as Memory;
    },
    async stop(command?: string) {
      if (command) child.stdin.write(`${command}\n`);
      else child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * A fresh data directory with `users` employees sharing the bench password (and, for calls to
 * the carrier, the company's default number COMPANY_NUMBER), or what `data.seed` puts there;
 * copied into `data.database` when it names one.
 */
async function prepareDataDir(
  users: number,
  companyNumber: boolean,
  data: PbxDataOptions,
): Promise<{ dir: string; numbers: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'pbx-bench-'));
  const store = await openDataDirStore(dir);
  await store.settings.set('domain', BENCH_DOMAIN);
  const numbers = await (data.seed ?? ((s) => seedOneCompany(s, users, companyNumber)))(store);
  if (data.database) {
    const target = await openPostgresStore(data.database);
    try {
      await copyStore(store, target);
    } finally {
      await target.close();
    }
  }
  await store.close();
  return { dir, numbers };
}

async function seedOneCompany(
  store: Store,
  users: number,
  companyNumber: boolean,
): Promise<string[]> {
  const company = store.forCompany((await store.companies.create({ name: 'Bench Company' })).id);
  if (companyNumber) {
    await company.companyNumbers.create({
      number: COMPANY_NUMBER,
      region: 'Москва',
      enabled: true,
      isDefault: true,
      inboundEmployeeId: null,
    });
  }
  const numbers = await company.withTransaction(async (tx) => {
    const made: string[] = [];
    for (let i = 0; i < users; i++) {
      const created = await createEmployee(
        tx,
        { name: `Employee ${i + 1}`, password: BENCH_PASSWORD },
        BENCH_DOMAIN,
      );
      made.push(created.sipNumber);
    }
    return made;
  });
  // The most lines an employee may have (SPEC §3): a call that overload left unanswered or
  // never hung up holds a line, and one stuck call must not fail every later call of a pair.
  for (const number of numbers) await company.sipNumbers.updateSettings(number, { channels: 10 });
  return numbers;
}
