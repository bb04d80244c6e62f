import type { ComponentType } from 'react';
import type { EventsSubscriber, PbxApiFactory } from '../api';
import type { EmployeeApi } from '../features/my-number/employee-api';
import type { Host } from '../host/host';
import type { SipAdapter } from '../sip/types';
import type { AppStore } from '../store';
import type { Services } from './services';
import { createWebAudioTones, type TonePlayer } from './tones';

/** The signed-in phone and the Admin tab: loaded with the first screen in tests, later in the app. */
export interface Screens {
  Phone: ComponentType;
  Admin: ComponentType;
}

export interface ServiceParts {
  adapter: SipAdapter;
  host: Host;
  store: AppStore;
  api: PbxApiFactory;
  subscribeEvents: EventsSubscriber;
  /** The employee's API session (made from `api` and `subscribeEvents`). */
  employeeApi: EmployeeApi;
  screens: Screens;
  /** Ringback, ringtone and waiting tones; WebAudio unless a test passes a fake. */
  tones?: TonePlayer;
}

/** Everything the app uses, made once: the sign-in code and the components share it. */
export function createServices(parts: ServiceParts): Services {
  return { ...parts, tones: parts.tones ?? createWebAudioTones() };
}
