/**
 * The processes of the hostile-load suite: the PBX (pbx-child.ts, its open-file limit raised by
 * the shell that starts it) and the attackers (attacker.ts), each a Node process of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { createAdmin, createEmployee } from '../../pbx/directory';
import { openDataDirStore } from '../../pbx/store';
import { PBX_ENV, PBX_NODE_FLAGS } from '../../scripts/pbx.mjs';
import type { AttackOrder, AttackReport } from './attacker';
import { ATTACKER_NICE, HOSTILE_DOMAIN, HOSTILE_PASSWORD } from './config';

const ROOT = resolve(import.meta.dirname, '../..');
const HERE = import.meta.dirname;

/** Open files the PBX asks for; where the hard limit is lower, it takes the hard limit. */
const WANTED_OPEN_FILES = 65_536;

/** The child processes' programs, bundled to plain JavaScript once per run (as bench/pbx.ts does). */
const OUT = join(ROOT, 'out/hostile');
let bundled: Promise<void> | undefined;

/** Bundles pbx-child.ts and attacker.ts: a child then starts in moments, not seconds of tsx. */
export function bundleChildren(): Promise<void> {
  bundled ??= build({
    entryPoints: [join(HERE, 'pbx-child.ts'), join(HERE, 'attacker.ts')],
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  }).then(() => {
    // The shipped numbering table is read next to the code (pbx/numbering/numbering-table.ts).
    copyFileSync(join(ROOT, 'pbx/numbering/ru-ranges.txt'), join(OUT, 'ru-ranges.txt'));
  });
  return bundled;
}

/** The company admin whose e-mail the sign-in flood names (and who signs in meanwhile). */
export const HOSTILE_ADMIN = { email: 'admin@hostile.example', password: 'hostile-admin-secret' };

const templates = new Map<number, Promise<{ dir: string; numbers: string[] }>>();

/**
 * A fresh data directory with `users` employees sharing one password, ten channels each, and
 * an admin: a copy of one made once per size (hashing takes seconds; every run needs its own).
 */
export async function prepareDataDir(users: number): Promise<{ dir: string; numbers: string[] }> {
  if (!templates.has(users)) templates.set(users, makeDataDir(users));
  const template = await templates.get(users)!;
  const dir = mkdtempSync(join(tmpdir(), 'pbx-hostile-'));
  cpSync(template.dir, dir, { recursive: true });
  return { dir, numbers: template.numbers };
}

async function makeDataDir(users: number): Promise<{ dir: string; numbers: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'pbx-hostile-'));
  const store = await openDataDirStore(dir);
  await store.settings.set('domain', HOSTILE_DOMAIN);
  const company = store.forCompany((await store.companies.create({ name: 'Hostile Company' })).id);
  await createAdmin(company, HOSTILE_ADMIN);
  const numbers = await company.withTransaction(async (tx) => {
    const made: string[] = [];
    for (let i = 0; i < users; i++) {
      const employee = { name: `Employee ${i + 1}`, password: HOSTILE_PASSWORD };
      made.push((await createEmployee(tx, employee, HOSTILE_DOMAIN)).sipNumber);
    }
    return made;
  });
  for (const number of numbers) await company.sipNumbers.updateSettings(number, { channels: 10 });
  await store.close();
  return { dir, numbers };
}

export interface PbxMemory {
  rss: number;
  /** The highest RSS sampled since the previous `memory()` (or `idleRss()`). */
  max: number;
  /** The longest the PBX's event loop was held up meanwhile, ms. */
  loopDelayMaxMs: number;
}

export interface PbxChild {
  sipPort: number;
  httpPort: number;
  pid: number;
  /** RSS after a full GC and a second's settling: the idle figure. */
  idleRss(): Promise<number>;
  memory(): Promise<PbxMemory>;
  stats(): Promise<Record<string, number>>;
  /** Still running, and answering. */
  alive(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startPbxChild(dir: string): Promise<PbxChild> {
  await bundleChildren();
  // Extra Node flags for the PBX (`--cpu-prof`, `--trace-gc`), as PBX_BENCH_NODE_FLAGS in the bench.
  const flags = (process.env.HOSTILE_PBX_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const args = [...PBX_NODE_FLAGS, ...flags, '--expose-gc', join(OUT, 'pbx-child.mjs'), dir];
  const raise = `ulimit -n ${WANTED_OPEN_FILES} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"`;
  const child = spawn('sh', ['-c', raise, 'sh', process.execPath, ...args], {
    cwd: ROOT,
    env: { ...PBX_ENV, ...process.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let exited = false;
  const exit = new Promise<void>((done) => child.on('exit', () => done()));
  void exit.then(() => (exited = true));
  const next = jsonLines(child);
  const ready = (await next(60_000)) as { sip: number; http: number };
  const ask = async (command: string) => {
    child.stdin?.write(`${command}\n`);
    return next(15_000);
  };
  return {
    sipPort: ready.sip,
    httpPort: ready.http,
    pid: child.pid ?? 0,
    idleRss: async () => ((await ask('idle')) as { rss: number }).rss,
    memory: async () => (await ask('mem')) as PbxMemory,
    stats: async () => (await ask('stats')) as Record<string, number>,
    alive: async () =>
      !exited &&
      (await ask('mem').then(
        () => true,
        () => false,
      )),
    async stop() {
      child.stdin?.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Reads a child's stdout as JSON lines, one per call, in order. */
function jsonLines(child: ChildProcess): (timeoutMs: number) => Promise<unknown> {
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return void process.stderr.write(`${line}\n`);
    const taker = waiting.shift();
    if (taker) taker(line);
    else early.push(line);
  });
  return (timeoutMs) =>
    new Promise((resolveLine, reject) => {
      const ready = early.shift();
      if (ready !== undefined) return resolveLine(JSON.parse(ready));
      const taker = (line: string) => {
        clearTimeout(timer);
        resolveLine(JSON.parse(line));
      };
      // A wait that gave up leaves the queue: a late answer must not go to the next question.
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(taker), 1);
        reject(new Error(`the child did not answer within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      waiting.push(taker);
    });
}

/** How many connections one attacker process holds at most (its own open-file limit). */
const PER_PROCESS = 5000;

/** An attack under way: built up once `ready` resolves (with the slowest process's ramp, ms). */
export interface RunningAttack {
  ready: Promise<number>;
  /** The processes' reports summed, once each has held for `seconds` after its ramp. */
  done: Promise<AttackReport>;
}

/**
 * Runs an attack in as many processes as its connections need (at the lowest priority: in the
 * field attackers do not share the PBX's cores). After startPbxChild, which bundles them.
 */
export function attack(order: AttackOrder): RunningAttack {
  const processes = Math.max(1, Math.ceil(order.count / PER_PROCESS));
  const perProcess = Math.ceil(order.count / processes);
  const addressesEach = Math.max(1, Math.ceil(order.addresses.length / processes));
  const runs = Array.from({ length: processes }, (_, i) => {
    const addresses = order.addresses.slice(i * addressesEach, (i + 1) * addressesEach);
    const own: AttackOrder = {
      ...order,
      count: perProcess,
      addresses: addresses.length > 0 ? addresses : order.addresses,
    };
    const child = spawn(process.execPath, [join(OUT, 'attacker.mjs'), JSON.stringify(own)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.pid) setPriority(child.pid, ATTACKER_NICE);
    const next = jsonLines(child);
    const ready = next(RAMP_TIMEOUT_MS) as Promise<{ rampMs: number }>;
    const done = ready.then(() => next((order.seconds + 30) * 1000) as Promise<AttackReport>);
    // Ended whatever happened: an attacker must never outlive its run.
    void done.finally(() => child.kill('SIGKILL')).catch(() => undefined);
    return { ready, done };
  });
  const ready = Promise.all(runs.map((r) => r.ready)).then((all) =>
    Math.max(...all.map((r) => r.rampMs)),
  );
  const done = Promise.all(runs.map((r) => r.done)).then((reports) =>
    reports.reduce((sum, r) => ({
      kind: r.kind,
      opened: sum.opened + r.opened,
      closedByPbx: sum.closedByPbx + r.closedByPbx,
      failed: sum.failed + r.failed,
      open: sum.open + r.open,
      sent: sum.sent + r.sent,
      statuses: addCounts(sum.statuses, r.statuses),
    })),
  );
  // Either may be awaited first; a failure is reported by the one awaited.
  ready.catch(() => undefined);
  done.catch(() => undefined);
  return { ready, done };
}

/** An attacker builds up within a minute (attacker.ts) and starts its first line by then. */
const RAMP_TIMEOUT_MS = 90_000;

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [key, count] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}
