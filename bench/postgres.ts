/**
 * A throwaway PostgreSQL cluster for the bench (test/support/postgres-cluster.ts, with
 * PostgreSQL's durable defaults: fsync, full-page writes, synchronous commits, as an operator
 * runs it), started inside the bench's network namespace, stopped and deleted afterwards.
 */
import { createDatabase, startCluster, stopCluster } from '../test/support/postgres-cluster';

export interface BenchPostgres {
  /** A new empty database, as a postgres:// URL. */
  newDatabase(): Promise<string>;
  stop(): void;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const cluster = await startCluster({ durable: true });
  process.once('exit', () => stopCluster(cluster));
  return {
    newDatabase: () => createDatabase(cluster),
    stop: () => stopCluster(cluster),
  };
}
