import { useEffect, useState } from 'react';
import type { Colleague } from '../../../shared/api';
import { useServices } from '../../app/services';
import { useDebounced } from '../forms/use-debounced';

export type ColleaguesStatus = 'loading' | 'ready' | 'unavailable';

/** How long typing must pause before the directory is asked. */
export const COLLEAGUE_SEARCH_DELAY_MS = 250;

/**
 * The colleagues matching `search` (name or SIP number), from the employee API; an answer to
 * an older search is dropped. Unavailable when the API cannot be reached: a number can still
 * be typed.
 */
export function useColleagues(search: string) {
  const { employeeApi } = useServices();
  const query = useDebounced(search.trim(), COLLEAGUE_SEARCH_DELAY_MS);
  const [answer, setAnswer] = useState<{
    query: string;
    status: Exclude<ColleaguesStatus, 'loading'>;
    colleagues: Colleague[];
  }>();
  useEffect(() => {
    let current = true;
    employeeApi
      .call((api) => api.colleagues(query || undefined))
      .then((colleagues) => current && setAnswer({ query, status: 'ready', colleagues }))
      .catch(() => current && setAnswer({ query, status: 'unavailable', colleagues: [] }));
    return () => {
      current = false;
    };
  }, [employeeApi, query]);
  // The last answer stays listed while a newer search is on its way.
  const status: ColleaguesStatus =
    answer && answer.query === query && query === search.trim() ? answer.status : 'loading';
  return { status, colleagues: answer?.colleagues ?? [] };
}
