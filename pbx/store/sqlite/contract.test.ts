import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeStoreContract } from '../contract';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pbx-contract-'));
  dirs.push(dir);
  return { kind: 'sqlite', dir };
});
