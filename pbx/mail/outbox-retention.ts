import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const DEFAULT_OUTBOX_RETENTION_DAYS = 7;

/**
 * Deletes the outbox's `.eml` files older than the retention period (issue 20 item 9): they
 * hold passwords in plaintext. Returns how many went; a missing outbox is an empty one.
 */
export async function sweepOutbox(
  outboxDir: string,
  retentionDays: number,
  now = Date.now(),
): Promise<number> {
  let names: string[];
  try {
    names = await readdir(outboxDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const cutoff = now - retentionDays * DAY_MS;
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('.eml'))) {
    const file = join(outboxDir, name);
    // Gone since the listing (another sweep, an operator): nothing left to delete.
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || info.mtimeMs > cutoff) continue;
    await unlink(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    removed++;
  }
  return removed;
}

/** Sweeps the outbox now and every hour; returns the stop function. */
export function startOutboxSweeper(options: {
  outboxDir: string;
  retentionDays: number;
  log: Logger;
  intervalMs?: number;
}): () => void {
  const { outboxDir, retentionDays, log } = options;
  const run = () =>
    void sweepOutbox(outboxDir, retentionDays)
      .then((removed) => {
        if (removed > 0) log.info({ removed, retentionDays }, 'old outbox mail deleted');
      })
      .catch((err: unknown) => log.warn({ err }, 'outbox sweep failed'));
  run();
  const timer = setInterval(run, options.intervalMs ?? HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
