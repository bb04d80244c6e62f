/**
 * A census of what the PBX keeps: the size of every Map, Set and array reachable from the
 * running PBX through object properties (dialog tracker, transport, bindings, directory...), by
 * property path. Growing with the run while calls come and go is a leak; flat is none.
 */
const SKIP = new Set(['Server', 'Socket', 'WebSocketServer', 'Pino', 'EventEmitter', 'Buffer']);
const MAX_DEPTH = 6;
const MAX_OBJECTS = 5000;

export function tableSizes(root: object): Record<string, number> {
  const sizes: Record<string, number> = {};
  const seen = new Set<object>([root]);
  let queue: [object, string, number][] = [[root, '', 0]];
  while (queue.length > 0 && seen.size < MAX_OBJECTS) {
    const next: [object, string, number][] = [];
    for (const [object, path, depth] of queue) {
      for (const key of Object.getOwnPropertyNames(object)) {
        let value: unknown;
        try {
          value = (object as Record<string, unknown>)[key];
        } catch {
          continue; // a getter that throws: nothing to count there
        }
        if (value === null || typeof value !== 'object' || seen.has(value)) continue;
        seen.add(value);
        const at = path ? `${path}.${key}` : key;
        if (value instanceof Map || value instanceof Set) sizes[at] = value.size;
        else if (Array.isArray(value)) sizes[at] = value.length;
        else if (depth < MAX_DEPTH && !SKIP.has(value.constructor?.name ?? '')) {
          next.push([value, at, depth + 1]);
        }
      }
    }
    queue = next;
  }
  return sizes;
}
