import type { EventsSubscriber, PbxApiFactory } from '../api';
import { createEmployeeApi } from '../features/my-number/employee-api';
import type { Host } from '../host/host';
import type { SipAdapter } from '../sip/types';
import type { AppStore } from '../store';
import type { Services } from './services';
import { createWebAudioTones, type TonePlayer } from './tones';

export interface ServiceParts {
  adapter: SipAdapter;
  host: Host;
  store: AppStore;
  api: PbxApiFactory;
  subscribeEvents: EventsSubscriber;
  /** Ringback, ringtone and waiting tones; WebAudio unless a test passes a fake. */
  tones?: TonePlayer;
}

/** Everything the app uses, made once: the sign-in code and the components share it. */
export function createServices(parts: ServiceParts): Services {
  const { api, subscribeEvents, store } = parts;
  return {
    ...parts,
    tones: parts.tones ?? createWebAudioTones(),
    employeeApi: createEmployeeApi({ api, subscribeEvents, store }),
  };
}
