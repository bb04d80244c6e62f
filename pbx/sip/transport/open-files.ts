import { readFileSync } from 'node:fs';

/**
 * The process's soft limit on open files (Node raises it to the hard limit at start), from
 * `/proc/self/limits`; undefined where there is no such file or it says "unlimited".
 */
export function openFileLimit(file = '/proc/self/limits'): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined; // not Linux: the setting alone decides
  }
  const soft = /^Max open files\s+(\d+)/m.exec(text)?.[1];
  return soft === undefined ? undefined : Number(soft);
}
