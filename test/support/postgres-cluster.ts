import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** What every test file learns of the run's one cluster (postgres-cluster.json). */
export interface ClusterInfo {
  port: number;
  bindir: string;
  /** The folder the server user owns: data, socket, log. */
  home: string;
  dataDir: string;
}

export const POSTGRES_MISSING =
  "PostgreSQL is not installed: the PostgreSQL tests need Debian's postgresql package " +
  '(apt-get install postgresql; .ci/run installs it)';

export const STARTUP_MS = 60_000;
/** Where a run folder keeps its cluster's ClusterInfo. */
export const CLUSTER_FILE = 'postgres-cluster.json';
/** The superuser initdb makes; the cluster trusts local connections (it lives for one run). */
export const SUPERUSER = 'postgres';

/** Where PostgreSQL's programs are: `pg_config --bindir`, else Debian's /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string {
  const hasInitdb = (dir: string) => existsSync(join(dir, 'initdb'));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (hasInitdb(dir)) return dir;
  } catch {
    // No pg_config (it comes with libpq-dev): look where Debian installs the server.
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const found = versions.map((v) => join(root, v, 'bin')).find(hasInitdb);
  if (!found) throw new Error(POSTGRES_MISSING);
  return found;
}

/**
 * initdb and pg_ctl refuse to run as root, and tests and CI run as root: there they run as the
 * `postgres` user the Debian package creates, in a folder that user owns.
 */
function asServerUser(bindir: string, program: string, args: string[]): void {
  const asRoot = userInfo().uid === 0;
  const command = asRoot ? 'runuser' : join(bindir, program);
  const argv = asRoot ? ['-u', 'postgres', '--', join(bindir, program), ...args] : args;
  const run = spawnSync(command, argv, { encoding: 'utf8', timeout: STARTUP_MS });
  if (run.error || run.status !== 0) {
    const why = run.error?.message ?? `${run.stderr}${run.stdout}`.trim();
    throw new Error(`${program} failed: ${why}`);
  }
}

/**
 * `durable`: PostgreSQL's own defaults for fsync, full-page writes and commits (the benchmark's
 * cluster, as an operator runs one); otherwise a test run's cluster that need not survive a crash.
 */
export async function startCluster(options: { durable?: boolean } = {}): Promise<ClusterInfo> {
  const bindir = postgresBinDir();
  // Its own folder under /tmp, which the server user can reach (a test's folders are private).
  const home = mkdtempSync(join(tmpdir(), 'pbx-pg-cluster-'));
  if (userInfo().uid === 0) {
    const { uid, gid } = serverUser();
    chownSync(home, uid, gid);
  }
  const dataDir = join(home, 'data');
  asServerUser(bindir, 'initdb', [
    ...['-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8'],
    '--no-sync',
  ]);
  const port = await freeTcpPort();
  const settings = [
    `-p ${port}`,
    `-k ${home}`,
    '-c listen_addresses=127.0.0.1',
    // A cluster for one test run: nothing needs to survive a crash.
    ...(options.durable
      ? []
      : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=300',
  ].join(' ');
  asServerUser(bindir, 'pg_ctl', [
    ...['start', '-D', dataDir, '-w', '-t', '60', '-l', join(home, 'server.log')],
    ...['-o', settings],
  ]);
  return { port, bindir, home, dataDir };
}

/** A new empty database on the cluster, as a postgres:// URL. */
export async function createDatabase(cluster: ClusterInfo): Promise<string> {
  const url = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${cluster.port}/${database}`;
  const name = `pbx_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return url(name);
}

/** Stops a cluster and deletes its folder. */
export function stopCluster(cluster: ClusterInfo): void {
  if (existsSync(join(cluster.dataDir, 'postmaster.pid'))) {
    try {
      asServerUser(cluster.bindir, 'pg_ctl', [
        ...['stop', '-D', cluster.dataDir, '-m', 'immediate', '-w'],
      ]);
    } catch {
      // Already gone: nothing to stop.
    }
  }
  rmSync(cluster.home, { recursive: true, force: true });
}

/** Stops the cluster a run folder names (if one was started) and deletes both folders. */
export function stopRunCluster(runDir: string): void {
  const info = join(runDir, CLUSTER_FILE);
  if (existsSync(info)) stopCluster(JSON.parse(readFileSync(info, 'utf8')) as ClusterInfo);
  rmSync(runDir, { recursive: true, force: true });
}

function serverUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(`${POSTGRES_MISSING}: there is no postgres user to run it as`);
  }
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
