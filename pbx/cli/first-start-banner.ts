import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDemoCredentials, type DemoCredentials } from './demo-company';

/** Where the first start's passwords go when no terminal is attached (issue 20 item 9). */
export const FIRST_START_FILE = 'first-start-credentials.txt';

export interface BannerTarget {
  /** The terminal, when stdout is one. */
  terminal?: { write(text: string): unknown };
  dataDir: string;
  /** Where the file's path is told: stdout, and so the service's journal (never a password). */
  notice(line: string): void;
}

/**
 * Shows the first start's passwords once: on the terminal when one is attached; otherwise
 * (a service, whose stdout is a journal others may read) in a file only the PBX's user can
 * read, whose path (never a password) is told on stdout, that is, in the service's journal.
 */
export async function showFirstStartCredentials(
  demo: DemoCredentials,
  target: BannerTarget,
): Promise<string | undefined> {
  const text = `${formatDemoCredentials(demo)}\n`;
  if (target.terminal) {
    target.terminal.write(text);
    return undefined;
  }
  await mkdir(target.dataDir, { recursive: true, mode: 0o700 });
  const file = join(target.dataDir, FIRST_START_FILE);
  await writeFile(file, text, { mode: 0o600 });
  // writeFile keeps the mode of a file that existed already.
  await chmod(file, 0o600);
  target.notice(
    `First start: the demo company's passwords are in ${file} (readable by this user only): read them, then delete the file.`,
  );
  return file;
}
