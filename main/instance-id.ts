import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeAtomically } from './atomic-file';

/**
 * The installation's `+sip.instance` UUID, created once in `<dir>/instance-id` and read back
 * on every later start, so the PBX sees the same device after a restart.
 */
export function createInstanceId(dir: string): () => Promise<string> {
  const file = join(dir, 'instance-id');
  let id: Promise<string> | undefined;
  return () =>
    (id ??= readOrCreate(file).catch((error: unknown) => {
      id = undefined;
      throw error;
    }));
}

async function readOrCreate(file: string): Promise<string> {
  const stored = z.uuid().safeParse(
    await readFile(file, 'utf8')
      .catch(() => '')
      .then(trim),
  );
  if (stored.success) return stored.data;
  const created = randomUUID();
  await writeAtomically(file, created);
  return created;
}

const trim = (text: string) => text.trim();
