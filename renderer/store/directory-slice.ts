import type { StateCreator } from 'zustand';
import type { Colleague } from '../../shared/api';
import { presenceOf, type Presence } from '../../shared/presence';
import type { AppState } from './store';

/** A colleague as the phone shows them: name, SIP number, presence. */
export interface DirectoryEntry {
  id: number;
  name: string;
  sipNumber: string;
  presence: Presence;
}

/** The colleagues, from the employee API (`GET /me/colleagues`), kept live by its events. */
export interface DirectoryData {
  status: 'off' | 'loading' | 'ready' | 'unavailable';
  colleagues: DirectoryEntry[];
}

export interface DirectorySlice {
  directory: DirectoryData;
  /** The API's answer, each colleague with their state. */
  colleaguesLoaded(colleagues: Colleague[]): void;
  directoryStatus(status: DirectoryData['status']): void;
  /** A colleague's new state, from the PBX's `presence-changed` event. */
  presenceChanged(sipNumber: string, presence: Presence): void;
  directoryReset(): void;
}

export const initialDirectory = (): DirectoryData => ({ status: 'off', colleagues: [] });

export const createDirectorySlice: StateCreator<AppState, [], [], DirectorySlice> = (set) => ({
  directory: initialDirectory(),
  colleaguesLoaded: (colleagues) =>
    set({
      directory: {
        status: 'ready',
        colleagues: colleagues.map((c) => ({
          id: c.id,
          name: c.name,
          sipNumber: c.sipNumber,
          presence: presenceOf(c),
        })),
      },
    }),
  directoryStatus: (status) => set((s) => ({ directory: { ...s.directory, status } })),
  presenceChanged: (sipNumber, presence) =>
    set((s) => ({
      directory: {
        ...s.directory,
        colleagues: s.directory.colleagues.map((c) =>
          c.sipNumber === sipNumber ? { ...c, presence } : c,
        ),
      },
    })),
  directoryReset: () => set({ directory: initialDirectory() }),
});

/** A colleague's name for a SIP number, when the directory knows it. */
export function nameOf(state: Pick<AppState, 'directory'>, number: string): string | undefined {
  return state.directory.colleagues.find((c) => c.sipNumber === number)?.name;
}
