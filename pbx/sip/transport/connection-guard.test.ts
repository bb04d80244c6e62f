import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionGuard } from './connection-guard';
import { DEFAULT_CONNECTION_LIMITS, RESERVED_DESCRIPTORS } from './limits';
import { openFileLimit } from './open-files';

describe('the connection limit and the open-file limit', () => {
  it('reads the soft limit on open files', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'limits-')), 'limits');
    writeFileSync(
      file,
      'Limit                     Soft Limit           Hard Limit           Units\n' +
        'Max open files            20000                20000                files\n',
    );
    expect(openFileLimit(file)).toBe(20000);
    expect(openFileLimit(join(tmpdir(), 'no-such-limits-file'))).toBeUndefined();
  });

  it('allows no more connections than the open-file limit leaves room for', () => {
    const warnings: string[] = [];
    const log = { warn: (_: unknown, message: string) => warnings.push(message) };
    const guard = new ConnectionGuard(DEFAULT_CONNECTION_LIMITS, log as never, Date.now, 10_000);
    expect(guard.maxConnections).toBe(10_000 - RESERVED_DESCRIPTORS);
    expect(warnings[0]).toMatch(/open-file limit \(10000\) allows 9488 connections/);
    expect(
      new ConnectionGuard(DEFAULT_CONNECTION_LIMITS, undefined, Date.now, 1e6).maxConnections,
    ).toBe(DEFAULT_CONNECTION_LIMITS.maxConnections);
  });
});
