import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type Tab = 'phone' | 'admin';

export interface ShellSlice {
  /** The tab shown; a call ringing here brings the Phone tab back (lines slice). */
  tab: Tab;
  /** A number to put in the dialer (a tel:/sip: link), until a dialer takes it. */
  pendingDial?: string;
  /** A reset code from an admin's "Forgot password" e-mail link, until the Admin tab takes it. */
  adminResetCode?: string;
  showTab(tab: Tab): void;
  /** Shows the Phone tab with `number` in the dialer, ready to dial. */
  dialNumber(number: string): void;
  /** The dialer took the pending number. */
  dialTaken(): void;
}

export const createShellSlice: StateCreator<AppState, [], [], ShellSlice> = (set) => ({
  tab: 'phone',
  showTab: (tab) => set({ tab }),
  dialNumber: (number) => set({ tab: 'phone', pendingDial: number }),
  dialTaken: () => set({ pendingDial: undefined }),
});
