import { useEffect } from 'react';
import type { i18n } from 'i18next';
import type { Services } from '../../app/services';
import { wireDesktop } from './desktop-wiring';
import { declineWhileDoNotDisturb, reportDoNotDisturb } from './do-not-disturb';

/**
 * What runs beside the screens for the whole app: do not disturb (declined here, reported to
 * the PBX for colleagues), registering again when the
 * network comes back (browser too), and the desktop app's integration where there is one.
 */
export function wireHost(services: Services, translate: (key: string) => string): () => void {
  const { store, adapter, host } = services;
  const online = () => adapter.reregister();
  // Do not disturb first: a call it declines is never announced.
  const stops = [
    declineWhileDoNotDisturb(store, adapter),
    reportDoNotDisturb(store, services.employeeApi, () => host.instanceId()),
  ];
  globalThis.addEventListener?.('online', online);
  stops.push(() => globalThis.removeEventListener?.('online', online));
  if (host.desktop) stops.push(wireDesktop(services, host.desktop, translate));
  return () => stops.forEach((stop) => stop());
}

/** wireHost for the life of <App>, with the app's translations. */
export function useHostWiring(services: Services, i18n: i18n): void {
  useEffect(() => wireHost(services, (key) => i18n.t(key)), [services, i18n]);
}
