import { useMemo } from 'react';
import { guardUnauthorized, type PbxApi } from '../../api';
import { useAppStore, useServices } from '../../app/services';

/** The admin's API client; a 401 ends the session and the sign-in screen says it expired. */
export function useAdminApi(): PbxApi {
  const { api, store } = useServices();
  const session = useAppStore((s) => s.admin.session);
  return useMemo(
    () =>
      guardUnauthorized(api(session?.baseUrl ?? '', session?.token), () =>
        store.getState().adminSignedOut(true),
      ),
    [api, store, session],
  );
}
