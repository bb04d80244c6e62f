import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_DESKTOP_PREFERENCES,
  desktopPreferencesSchema,
  type DesktopPreferences,
} from '../shared/desktop/desktop-state';
import { writeAtomically } from './atomic-file';

/** Main's own settings, in `<userData>/preferences.json`. */
export interface PreferencesStore {
  /** Reads the file (defaults for what is missing or damaged) and remembers the result. */
  load(): Promise<DesktopPreferences>;
  /** Applies `changes`, writes the file, and answers every preference as now saved. */
  save(changes: Partial<DesktopPreferences>): Promise<DesktopPreferences>;
  /** The preferences last loaded or saved, for decisions that cannot wait (closing the window). */
  current(): DesktopPreferences;
}

/** The preferences in `<dir>/preferences.json`, written atomically; saves run one at a time. */
export function createPreferencesStore(dir: string): PreferencesStore {
  const file = join(dir, 'preferences.json');
  let current: DesktopPreferences = { ...DEFAULT_DESKTOP_PREFERENCES };
  let writing: Promise<unknown> = Promise.resolve();
  return {
    async load() {
      current = await read(file);
      return { ...current };
    },
    save(changes) {
      const next = desktopPreferencesSchema.parse({ ...current, ...changes });
      current = next;
      const write = writing.then(() => writeAtomically(file, JSON.stringify(next)));
      writing = write.catch(() => {});
      return write.then(() => ({ ...next }));
    },
    current: () => ({ ...current }),
  };
}

async function read(file: string): Promise<DesktopPreferences> {
  try {
    const stored: unknown = JSON.parse(await readFile(file, 'utf8'));
    const known = desktopPreferencesSchema.partial().strip().safeParse(stored);
    return { ...DEFAULT_DESKTOP_PREFERENCES, ...(known.success ? known.data : {}) };
  } catch {
    return { ...DEFAULT_DESKTOP_PREFERENCES };
  }
}
