import { useEffect } from 'react';
import { useAppStore, useServices } from '../../app/services';

/** Live updates for the admin: each event bumps the counters of what it names (admin slice). */
export function useAdminEvents(): void {
  const { subscribeEvents, store } = useServices();
  const session = useAppStore((s) => s.admin.session);
  useEffect(() => {
    if (!session) return undefined;
    const admin = () => store.getState();
    return subscribeEvents(session.baseUrl, session.token, (e) => admin().adminChanged(e), {
      onResync: () => admin().adminChanged({ type: 'everything' }),
      onUnauthorized: () => admin().adminSignedOut(true),
    });
  }, [subscribeEvents, store, session]);
}
