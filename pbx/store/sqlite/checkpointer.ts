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
 *
 * A PASSIVE checkpoint never empties a WAL that is written to without pause: frames appended
 * while it copies keep the WAL from being restarted, so it grew without bound (683 MB of WAL for
 * a 10 MB database after 11,500 API writes in 25 s, issue 20). Once the WAL file passes
 * `walLimitBytes`, the worker is stopped and the server's own connection empties it (`emptyWal`:
 * a TRUNCATE checkpoint) between two of its transactions. The worker cannot: it waits for a gap between writes that a
 * busy writer never leaves. The worker's PASSIVE rounds have copied nearly everything by then,
 * so the server's thread copies the rest and pays one fsync per `walLimitBytes` written.
 */
import { statSync } from 'node:fs';
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
  /** A WAL file larger than this is emptied (default 16 MB). */
  walLimitBytes?: number;
  /** Empties the WAL on the server's connection (a TRUNCATE checkpoint); may throw when busy. */
  emptyWal?: () => void;
}

/** The WAL is emptied past this size, so it stays well under 64 MB (issue 20 item 6). */
export const WAL_LIMIT_BYTES = 16 * 1024 * 1024;

export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const { file, changes, onFailure, intervalMs = 1000, idleRounds = 30 } = options;
  const walLimitBytes = options.walLimitBytes ?? WAL_LIMIT_BYTES;
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
    if (options.emptyWal && walSize(file) > walLimitBytes) {
      // The worker's PASSIVE rounds hold the lock a TRUNCATE needs: it stops first, and the
      // server's connection empties the WAL on a tick without it (then the worker comes back).
      if (worker) worker.postMessage('stop');
      else {
        try {
          options.emptyWal();
        } catch {
          // A transaction of its own is open, or a reader holds on: the next tick tries again.
        }
      }
    }
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

function walSize(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    // No WAL file: SQLite has not written one yet, or a checkpoint just truncated it.
    return 0;
  }
}
