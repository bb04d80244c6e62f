import type { Store } from './store';

/**
 * Polls the store's data version so a running server notices what another process (the
 * CLI) committed. Returns a function that stops watching; the timer never keeps the process up.
 */
export function watchExternalChanges(
  store: Pick<Store, 'dataVersion'>,
  intervalMs: number,
  onChange: () => void,
): () => void {
  let last = store.dataVersion();
  const timer = setInterval(() => {
    const current = store.dataVersion();
    if (current !== last) {
      last = current;
      onChange();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
