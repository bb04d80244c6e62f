import type { StateCreator } from 'zustand';
import type { RegistrationProblem, RegistrationStatus } from '../sip/types';
import type { AppState } from './store';

/** The account being used: where and as whom (never the password). */
export interface AccountInfo {
  server: string;
  sipNumber: string;
  /** The SIP domain given at sign-in, when it is not the server's host name. */
  domain?: string;
}

/**
 * What the server signed in to is (docs/architecture.md, "Any SIP server"): being asked, this
 * PBX (its API answered), or another SIP server (no answer from this PBX's API).
 */
export type ServerKind = 'checking' | 'this-pbx' | 'other';

export interface RegistrationData {
  status: RegistrationStatus;
  problem?: RegistrationProblem;
  account?: AccountInfo;
  /** Set from sign-in on: decides the dial rules. */
  server?: ServerKind;
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
  /** The server's API answered as this PBX's, or not, for the account signed in with. */
  serverIdentified(account: AccountInfo, kind: Exclude<ServerKind, 'checking'>): void;
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
  signedIn: (account) =>
    set({ registration: { status: 'connecting', account, server: 'checking' } }),
  serverIdentified: (account, kind) =>
    set((s) =>
      // An answer about an account signed out of meanwhile is not about this one.
      s.registration.account === account
        ? { registration: { ...s.registration, server: kind } }
        : s,
    ),
  signedOut: () => set({ registration: initialRegistration() }),
});
