import type { StateCreator } from 'zustand';
import type { ChangeEvent } from '../api';
import type { AppState } from './store';

/** The Admin tab's session; the token lives in memory only (the store is not persisted). */
export interface AdminSessionData {
  /** The server address as typed. */
  server: string;
  baseUrl: string;
  token: string;
  email: string;
  company: { id: number; name: string };
}

export type AdminPage =
  | { name: 'employees' }
  | { name: 'employee'; id: number }
  | { name: 'numbers' }
  | { name: 'audit' };

/** Counters bumped by live events, so the pages that show what changed read it again. */
export interface AdminChanges {
  employees: number;
  companyNumbers: number;
  /** Per employee id: its SIP number, its devices, its absence periods. */
  number: Record<number, number>;
  devices: Record<number, number>;
  absences: Record<number, number>;
}

export interface AdminData {
  session?: AdminSessionData;
  /** Set when the PBX ended the session (expired or revoked), for the sign-in screen to say so. */
  expired?: boolean;
  page: AdminPage;
  changes: AdminChanges;
}

export interface AdminSlice {
  admin: AdminData;
  adminSignedIn(session: AdminSessionData): void;
  adminSignedOut(expired?: boolean): void;
  showAdminPage(page: AdminPage): void;
  /** A live event: bumps the counters of what it names. */
  adminChanged(event: ChangeEvent | { type: 'everything' }): void;
}

const noChanges = (): AdminChanges => ({
  employees: 0,
  companyNumbers: 0,
  number: {},
  devices: {},
  absences: {},
});
export const initialAdmin = (): AdminData => ({
  page: { name: 'employees' },
  changes: noChanges(),
});

const bump = (counters: Record<number, number>, id: number) => ({
  ...counters,
  [id]: (counters[id] ?? 0) + 1,
});

/** The counters after an event. */
export function changesAfter(c: AdminChanges, event: Parameters<AdminSlice['adminChanged']>[0]) {
  switch (event.type) {
    case 'everything': {
      const all = (r: Record<number, number>) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v + 1]));
      return {
        employees: c.employees + 1,
        companyNumbers: c.companyNumbers + 1,
        number: all(c.number),
        devices: all(c.devices),
        absences: all(c.absences),
      };
    }
    case 'employees-changed':
      return { ...c, employees: c.employees + 1 };
    case 'company-numbers-changed':
      return { ...c, companyNumbers: c.companyNumbers + 1 };
    case 'sip-number-changed':
      return { ...c, employees: c.employees + 1, number: bump(c.number, event.employeeId) };
    case 'devices-changed':
      return { ...c, employees: c.employees + 1, devices: bump(c.devices, event.employeeId) };
    case 'absences-changed':
      return { ...c, absences: bump(c.absences, event.employeeId) };
    case 'presence-changed':
      // Calls ringing and ending change nothing the Admin tab shows.
      return c;
  }
}

export const createAdminSlice: StateCreator<AppState, [], [], AdminSlice> = (set) => ({
  admin: initialAdmin(),
  adminSignedIn: (session) => set({ admin: { ...initialAdmin(), session } }),
  adminSignedOut: (expired) =>
    set({ admin: { ...initialAdmin(), ...(expired ? { expired: true } : {}) } }),
  showAdminPage: (page) => set((s) => ({ admin: { ...s.admin, page } })),
  adminChanged: (event) =>
    set((s) => ({ admin: { ...s.admin, changes: changesAfter(s.admin.changes, event) } })),
});
