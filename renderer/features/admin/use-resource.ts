import { useEffect, useEffectEvent, useState } from 'react';

export interface Resource<T> {
  /** The latest answer; kept while reading again, so a live update does not flash. */
  data?: T;
  /** The error of the latest read, if it failed. */
  error?: unknown;
  loading: boolean;
  /** Reads again (after a change made here). */
  reload(): void;
}

/** Reads with `load` whenever `key` changes (or on reload); answers of older reads are dropped. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ key?: string; data?: T; error?: unknown }>({});
  const [round, setRound] = useState(0);
  const read = useEffectEvent(load);
  const current = `${key}#${round}`;
  useEffect(() => {
    let live = true;
    read().then(
      (data) => {
        if (live) setState({ key: current, data });
      },
      (error: unknown) => {
        if (live) setState((s) => ({ key: current, data: s.data, error }));
      },
    );
    return () => {
      live = false;
    };
  }, [current]);
  return {
    data: state.data,
    error: state.key === current ? state.error : undefined,
    loading: state.key !== current,
    reload: () => setRound((r) => r + 1),
  };
}
