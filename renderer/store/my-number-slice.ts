import type { StateCreator } from 'zustand';
import type { Device, MyNumber } from '../../shared/api';
import type { AppState } from './store';

/**
 * The My number card's data. `off`: no API session (signed out); `unavailable`: the API could
 * not be reached or refused, while the phone itself may work.
 */
export type MyNumberStatus = 'off' | 'loading' | 'ready' | 'unavailable';

export interface MyNumberData {
  status: MyNumberStatus;
  employeeId?: number;
  number?: MyNumber;
  devices?: Device[];
}

export interface MyNumberSlice {
  myNumber: MyNumberData;
  myNumberChanged(patch: Partial<MyNumberData>): void;
  myNumberReset(): void;
}

export const initialMyNumber = (): MyNumberData => ({ status: 'off' });

export const createMyNumberSlice: StateCreator<AppState, [], [], MyNumberSlice> = (set) => ({
  myNumber: initialMyNumber(),
  myNumberChanged: (patch) => set((s) => ({ myNumber: { ...s.myNumber, ...patch } })),
  myNumberReset: () => set({ myNumber: initialMyNumber() }),
});
