import type { StateCreator } from 'zustand';
import type { RegistrationProblem, RegistrationStatus } from '../sip/types';
import type { AppState } from './store';

/** The account being used: where and as whom (never the password). */
export interface AccountInfo {
  server: string;
  sipNumber: string;
}

export interface RegistrationData {
  status: RegistrationStatus;
  problem?: RegistrationProblem;
  account?: AccountInfo;
  /** Registered at least once since signing in: a later refusal may pass, a first one not. */
  wasRegistered?: boolean;
  /** A drop the phone recovered from by itself, said until dismissed (the device was removed). */
  notice?: RegistrationProblem;
}

/** Drops after which the phone registers again by itself: said beyond the reconnection. */
const RECOVERED_DROPS: ReadonlySet<RegistrationProblem> = new Set(['device-removed']);

export interface RegistrationSlice {
  registration: RegistrationData;
  registrationChanged(status: RegistrationStatus, problem?: RegistrationProblem): void;
  /** Signing in: remembers the account and shows "connecting" until the adapter reports. */
  signedIn(account: AccountInfo): void;
  signedOut(): void;
  dismissRegistrationNotice(): void;
}

export const initialRegistration = (): RegistrationData => ({ status: 'signed-out' });

export const createRegistrationSlice: StateCreator<AppState, [], [], RegistrationSlice> = (
  set,
) => ({
  registration: initialRegistration(),
  registrationChanged: (status, problem) =>
    set((s) => {
      const registration: RegistrationData = { ...s.registration, status, problem };
      if (!problem) delete registration.problem;
      if (status === 'registered') registration.wasRegistered = true;
      if (problem && RECOVERED_DROPS.has(problem)) registration.notice = problem;
      return { registration };
    }),
  dismissRegistrationNotice: () =>
    set((s) => {
      const registration = { ...s.registration };
      delete registration.notice;
      return { registration };
    }),
  signedIn: (account) => set({ registration: { status: 'connecting', account } }),
  signedOut: () => set({ registration: initialRegistration() }),
});
