import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type Tab = 'phone' | 'admin';

export interface ShellSlice {
  /** The tab shown; a call ringing here brings the Phone tab back (lines slice). */
  tab: Tab;
  showTab(tab: Tab): void;
}

export const createShellSlice: StateCreator<AppState, [], [], ShellSlice> = (set) => ({
  tab: 'phone',
  showTab: (tab) => set({ tab }),
});
