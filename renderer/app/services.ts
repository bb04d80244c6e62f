import { createContext, useContext } from 'react';
import type { Host } from '../host/host';
import type { SipAdapter } from '../sip/types';
import type { AppState, AppStore } from '../store';
import { useStore } from 'zustand';
import type { TonePlayer } from './tones';

/** What components use besides the store; tests pass fakes. */
export interface Services {
  adapter: SipAdapter;
  host: Host;
  tones: TonePlayer;
  store: AppStore;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <App>');
  return services;
}

/** Reads the store of the surrounding <App> through a selector. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
