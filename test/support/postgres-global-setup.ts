import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopRunCluster } from './postgres-cluster';

/**
 * One PostgreSQL cluster per test run, started by the first test file that needs it
 * (postgres.ts) and stopped here when the run ends; a run without such a file starts none.
 */
export default function setup(project: TestProject): () => void {
  const runDir = mkdtempSync(join(tmpdir(), 'pbx-pg-run-'));
  project.provide('pgRunDir', runDir);
  return () => stopRunCluster(runDir);
}
