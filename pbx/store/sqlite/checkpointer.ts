/**
 * WAL checkpoints on a thread of their own. SQLite checkpoints automatically inside the commit
 * that grows the WAL past 1,000 pages, and a checkpoint ends with an fsync: on the server's one
 * thread, that stalled SIP for as long as the disk took. Under sustained call load (call
 * records are written every 20 ms) the stalls overflowed the UDP receive buffer, and the
 * retransmissions that followed brought the PBX down at 800 calls/s (the same run passed with
 * the database on tmpfs). So the server's connection does not checkpoint; a worker thread with
 * its own connection does, once a second. Commits themselves never fsync (WAL, synchronous =
 * NORMAL).
 *
 * The worker costs about 9 MB of resident memory (an isolate and a connection), so it runs only
 * while the server writes: the server starts it on the first tick that sees a change of its own,
 * and it exits once the WAL has stood still, fully copied, for `idleRounds` rounds.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Runs in the worker: plain JavaScript, as no TypeScript loader reaches an eval'd worker. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let lastFrames = -1;
let idle = 0;
const stop = () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
};
const timer = setInterval(() => {
  try {
    // [{ busy, log: frames in the WAL, checkpointed: frames copied }]
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    const still = result.log === lastFrames && result.checkpointed === result.log;
    idle = still ? idle + 1 : 0;
    lastFrames = result.log;
    if (idle >= workerData.idleRounds) stop();
  } catch {
    // Busy or closing: the next round tries again.
    idle = 0;
  }
}, workerData.intervalMs);
parentPort.on('message', stop);
`;

export interface Checkpointer {
  /** Whether the worker thread is running now. */
  readonly running: boolean;
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  file: string;
  /** The server connection's changes so far (SQLite's total_changes()). */
  changes: () => number;
  /** The worker could not run; the caller checkpoints on its own connection again. */
  onFailure: (error: Error) => void;
  intervalMs?: number;
  /** Rounds of an unchanged, fully copied WAL after which the worker exits. */
  idleRounds?: number;
}

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { file, changes, onFailure, intervalMs = 1000, idleRounds = 30 } = options;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let worker: Worker | undefined;
  let exited = Promise.resolve();
  let seen = 0; // total_changes() of a new connection
  let failed = false;

  const spawn = () => {
    const thread = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs, idleRounds },
    });
    thread.unref();
    thread.once('error', (error) => {
      failed = true;
      clearInterval(watch);
      onFailure(error);
    });
    exited = new Promise((resolve) =>
      thread.once('exit', () => {
        if (worker === thread) worker = undefined;
        resolve();
      }),
    );
    worker = thread;
  };

  // Own writes since the last tick start the worker; other processes checkpoint their own.
  const watch = setInterval(() => {
    const now = changes();
    if (now === seen) return;
    seen = now;
    if (!worker && !failed) spawn();
  }, intervalMs);
  watch.unref();

  return {
    get running() {
      return worker !== undefined;
    },
    async stop() {
      clearInterval(watch);
      worker?.postMessage('stop');
      await exited;
    },
  };
}
