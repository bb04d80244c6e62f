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
}

export interface RegistrationSlice {
  registration: RegistrationData;
  registrationChanged(status: RegistrationStatus, problem?: RegistrationProblem): void;
  /** Signing in: remembers the account and shows "connecting" until the adapter reports. */
  signedIn(account: AccountInfo): void;
  signedOut(): void;
}

export const initialRegistration = (): RegistrationData => ({ status: 'signed-out' });

export const createRegistrationSlice: StateCreator<AppState, [], [], RegistrationSlice> = (
  set,
) => ({
  registration: initialRegistration(),
  registrationChanged: (status, problem) =>
    set((s) => ({ registration: { ...s.registration, status, problem } })),
  signedIn: (account) => set({ registration: { status: 'connecting', account } }),
  signedOut: () => set({ registration: initialRegistration() }),
});
