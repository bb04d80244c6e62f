import type { StateCreator } from 'zustand';
import type { PbxReasonToken } from '../sip/pbx-reason';
import type { CallDirection, CallEndReason, CallFailure, CallInfo } from '../sip/types';
import type { AppState } from './store';

/** How many ended calls the history keeps. */
export const HISTORY_LIMIT = 200;

export interface HistoryEntry {
  id: string;
  remoteNumber: string;
  remoteName?: string;
  direction: CallDirection;
  startedAt: number;
  /** Seconds connected; 0 for a call that was never answered. */
  durationS: number;
  endReason: CallEndReason;
  refusal?: PbxReasonToken;
  status?: number;
  failure?: CallFailure;
}

export interface HistorySlice {
  /** Newest first, at most HISTORY_LIMIT. */
  history: HistoryEntry[];
  /** When the user last saw the missed calls (ms); later ones count on the badge. */
  missedSeenAt: number;
  addToHistory(entry: HistoryEntry): void;
  clearHistory(): void;
  missedSeen(at?: number): void;
}

/** Rang here and nobody answered: not a call another device of the number took. */
export const isMissed = (e: HistoryEntry): boolean =>
  e.direction === 'incoming' && e.durationS === 0 && e.endReason !== 'answered-elsewhere';

/** Missed calls since the user last looked: the badge's count. */
export const selectUnseenMissed = (s: Pick<HistorySlice, 'history' | 'missedSeenAt'>): number =>
  s.history.filter((e) => isMissed(e) && e.startedAt > s.missedSeenAt).length;

/** The history entry of a call that ended. */
export function historyEntryOf(call: CallInfo, now: number): HistoryEntry {
  const end = call.endedAt ?? now;
  const durationS = call.connectedAt ? Math.max(0, Math.round((end - call.connectedAt) / 1000)) : 0;
  return {
    id: call.id,
    remoteNumber: call.remoteNumber,
    ...(call.remoteName ? { remoteName: call.remoteName } : {}),
    direction: call.direction,
    startedAt: call.startedAt,
    durationS,
    endReason: call.endReason ?? (call.connectedAt ? 'hangup-remote' : 'failed'),
    ...(call.refusal ? { refusal: call.refusal } : {}),
    ...(call.status ? { status: call.status } : {}),
    ...(call.failure ? { failure: call.failure } : {}),
  };
}

/** Keeps the stored entries that have the fields the screen needs. */
export function sanitiseHistory(value: unknown): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (e: Partial<HistoryEntry> | null): e is HistoryEntry =>
        typeof e?.id === 'string' &&
        typeof e.remoteNumber === 'string' &&
        typeof e.startedAt === 'number' &&
        typeof e.durationS === 'number' &&
        (e.direction === 'incoming' || e.direction === 'outgoing'),
    )
    .slice(0, HISTORY_LIMIT);
}

export const createHistorySlice =
  (initial: HistoryEntry[], seenAt = 0): StateCreator<AppState, [], [], HistorySlice> =>
  (set) => ({
    history: initial,
    missedSeenAt: seenAt,
    missedSeen: (at = Date.now()) => set((s) => (at > s.missedSeenAt ? { missedSeenAt: at } : {})),
    addToHistory: (entry) =>
      set((s) => ({
        history: [entry, ...s.history.filter((e) => e.id !== entry.id)].slice(0, HISTORY_LIMIT),
      })),
    clearHistory: () => set({ history: [] }),
  });
