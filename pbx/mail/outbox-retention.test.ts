import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { startOutboxSweeper, sweepOutbox } from './outbox-retention';

const DAY_S = 86_400;

/** An outbox with mail written `ages` days ago, and a file that is not mail. */
function outbox(ages: number[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'outbox-')), 'outbox');
  mkdirSync(dir);
  const now = Date.now() / 1000;
  ages.forEach((age, i) => {
    const file = join(dir, `mail-${age}-${i}.eml`);
    writeFileSync(file, 'Subject: credentials\r\n\r\npassword hunter2\r\n');
    utimesSync(file, now - age * DAY_S, now - age * DAY_S);
  });
  writeFileSync(join(dir, 'notes.txt'), 'kept');
  utimesSync(join(dir, 'notes.txt'), now - 30 * DAY_S, now - 30 * DAY_S);
  return dir;
}

describe('the outbox retention', () => {
  it('deletes mail older than the retention period and keeps the rest', async () => {
    const dir = outbox([1, 6.9, 7.1, 30]);
    expect(await sweepOutbox(dir, 7)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['mail-1-0.eml', 'mail-6.9-1.eml', 'notes.txt']);
  });

  it('takes a missing outbox as an empty one', async () => {
    expect(await sweepOutbox(join(tmpdir(), 'no-such-outbox-dir'), 7)).toBe(0);
  });

  it('sweeps at start and then at every interval, logging how many went', async () => {
    const dir = outbox([10]);
    let logged = '';
    const log = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _e, done) {
          logged += chunk.toString();
          done();
        },
      }),
    );
    const stop = startOutboxSweeper({ outboxDir: dir, retentionDays: 7, log, intervalMs: 50 });
    // Polled, not slept: on a busy machine the first sweep may take longer than its interval.
    await expect.poll(() => readdirSync(dir), { timeout: 5000 }).toEqual(['notes.txt']);
    await expect.poll(() => logged, { timeout: 5000 }).toContain('"removed":1');
    const later = join(dir, 'late.eml');
    writeFileSync(later, 'x');
    utimesSync(later, Date.now() / 1000 - 8 * DAY_S, Date.now() / 1000 - 8 * DAY_S);
    await expect.poll(() => readdirSync(dir), { timeout: 5000 }).toEqual(['notes.txt']);
    stop();
  });
});
