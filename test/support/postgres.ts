import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import {
  CLUSTER_FILE,
  createDatabase,
  startCluster,
  stopCluster,
  STARTUP_MS,
  type ClusterInfo,
} from './postgres-cluster';

export { POSTGRES_MISSING, postgresBinDir } from './postgres-cluster';

/**
 * A fresh database on the test run's PostgreSQL cluster, as a postgres:// URL. The first test
 * file that asks starts the cluster (initdb in a temporary folder, its own port); the others
 * wait for it; the run's global teardown stops and deletes it (postgres-global-setup.ts).
 * Fails, never skips, where PostgreSQL is not installed.
 */
export async function freshPostgresDatabase(): Promise<string> {
  return createDatabase(await runCluster());
}

async function runCluster(): Promise<ClusterInfo> {
  let runDir: string | undefined;
  try {
    runDir = inject('pgRunDir');
  } catch {
    runDir = undefined; // outside a vitest run with the global setup: a cluster of our own
  }
  if (!runDir) return ownCluster();
  const info = join(runDir, CLUSTER_FILE);
  let starter = false;
  try {
    mkdirSync(join(runDir, 'starting'));
    starter = true;
  } catch {
    // Another test file is starting it.
  }
  if (starter) {
    try {
      const cluster = await startCluster();
      writeFileSync(info, JSON.stringify(cluster));
    } catch (error) {
      writeFileSync(join(runDir, 'failed'), (error as Error).message);
      throw error;
    }
  }
  const deadline = Date.now() + STARTUP_MS;
  while (!existsSync(info)) {
    if (existsSync(join(runDir, 'failed'))) {
      throw new Error(readFileSync(join(runDir, 'failed'), 'utf8'));
    }
    if (Date.now() > deadline) throw new Error('the test PostgreSQL cluster did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return JSON.parse(readFileSync(info, 'utf8')) as ClusterInfo;
}

let own: Promise<ClusterInfo> | undefined;

function ownCluster(): Promise<ClusterInfo> {
  own ??= (async () => {
    const cluster = await startCluster();
    process.once('exit', () => stopCluster(cluster));
    return cluster;
  })();
  return own;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of this run's PostgreSQL cluster (postgres-global-setup.ts). */
    pgRunDir: string;
  }
}
