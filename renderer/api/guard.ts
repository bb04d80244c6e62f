import { hasStatus } from './errors';
import type { PbxApi } from './pbx-api';

/** The same client, calling `onUnauthorized` whenever a call answers 401 (and still rejecting). */
export function guardUnauthorized(api: PbxApi, onUnauthorized: () => void): PbxApi {
  const guarded = Object.entries(api).map(([name, method]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        if (hasStatus(error, 401)) onUnauthorized();
        throw error;
      }
    },
  ]);
  return Object.fromEntries(guarded) as unknown as PbxApi;
}
