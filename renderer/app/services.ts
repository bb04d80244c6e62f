import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { EventsSubscriber, PbxApiFactory } from '../api';
import type { EmployeeApi } from '../features/my-number/employee-api';
import type { Host } from '../host/host';
import type { SipAdapter } from '../sip/types';
import type { AppState, AppStore } from '../store';
import type { Screens } from './create-services';
import type { TonePlayer } from './tones';

/** What components use besides the store; tests pass fakes. */
export interface Services {
  adapter: SipAdapter;
  host: Host;
  tones: TonePlayer;
  store: AppStore;
  /** Makes an HTTP API client for a server and token. */
  api: PbxApiFactory;
  /** Subscribes to the API's live updates. */
  subscribeEvents: EventsSubscriber;
  /** The employee's API session beside the phone's registration (the My number card). */
  employeeApi: EmployeeApi;
  /** The signed-in phone and the Admin tab (lazily loaded chunks in the app). */
  screens: Screens;
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
