import { useEffect, useRef, type RefObject } from 'react';

/** How long the newest missed call must be in view before the missed calls count as seen. */
export const MISSED_SEEN_AFTER_MS = 1500;

/**
 * While there are `unseen` missed calls, calls `seen` once the newest entry of the list in
 * `panel` has been in view for a moment (it is a missed one: the list is newest first).
 */
export function useSeenWhenInView(
  unseen: number,
  panel: RefObject<HTMLElement | null>,
  seen: () => void,
): void {
  const latest = useRef(seen);
  useEffect(() => {
    latest.current = seen;
  });
  useEffect(() => {
    const newest = panel.current?.querySelector('li');
    if (unseen === 0 || !newest || typeof IntersectionObserver === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new IntersectionObserver(
      ([entry]) => {
        clearTimeout(timer);
        if (entry?.isIntersecting) timer = setTimeout(() => latest.current(), MISSED_SEEN_AFTER_MS);
      },
      { threshold: 1 },
    );
    observer.observe(newest);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
    };
  }, [unseen, panel]);
}
