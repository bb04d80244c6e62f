/**
 * WAL checkpoints on a thread of their own. SQLite checkpoints automatically inside the commit
 * that grows the WAL past 1,000 pages, and a checkpoint ends with an fsync: on the server's one
 * thread, that stalled SIP for as long as the disk took. Under sustained call load (call
 * records are written every 20 ms) the stalls overflowed the UDP receive buffer, and the
 * retransmissions that followed brought the PBX down at 800 calls/s (the same run passed with
 * the database on tmpfs). So the server's connection does not checkpoint; a worker thread with
 * its own connection does, once a second. Commits themselves never fsync (WAL, synchronous =
 * NORMAL).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Runs in the worker: plain JavaScript, as no TypeScript loader reaches an eval'd worker. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or closing: the next round tries again.
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** `onFailure`: the worker could not run; the caller checkpoints on its own connection again. */
export function startCheckpointer(
  file: string,
  onFailure: (error: Error) => void,
  intervalMs = 1000,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs },
  });
  worker.unref();
  worker.once('error', onFailure);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
