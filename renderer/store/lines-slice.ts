import type { StateCreator } from 'zustand';
import type { CallInfo } from '../sip/types';
import { nameOf } from './directory-slice';
import { historyEntryOf } from './history-slice';
import type { AppState } from './store';

export interface LinesData {
  calls: Record<string, CallInfo>;
  /** Call ids in the order they arrived. */
  order: string[];
  /** The call the screen shows. */
  selectedId?: string;
  /** DTMF digits shown per call (sent and received). */
  digits: Record<string, string>;
}

export interface LinesSlice {
  lines: LinesData;
  callAdded(call: CallInfo): void;
  callChanged(id: string, patch: Partial<CallInfo>): void;
  /** Appends digits to what the call shows (received DTMF, or what the user pressed). */
  appendDigits(id: string, digits: string): void;
  selectLine(id: string): void;
  /** Removes an ended call from the lines, once the UI has shown its end for a moment. */
  dismissCall(id: string): void;
}

export const initialLines = (): LinesData => ({ calls: {}, order: [], digits: {} });

/**
 * A call ringing here does not take the screen from the call in progress (whether or not the
 * PBX marked it waiting): it shows as a notice on its line. A call dialled out does.
 */
function shouldSelect(lines: LinesData, call: CallInfo): boolean {
  const current = lines.selectedId ? lines.calls[lines.selectedId] : undefined;
  const rings = call.direction === 'incoming' && call.state === 'ringing';
  return !current || current.state === 'ended' || !rings;
}

/**
 * The colleague's name where the PBX gave none (a call we dialled by number, a transfer's
 * Referred-By number), from the directory: every screen and sentence then says the name.
 */
function withNames(state: AppState, call: CallInfo): CallInfo {
  const name = call.remoteName ? undefined : nameOf(state, call.remoteNumber);
  const by = call.transferredBy && nameOf(state, call.transferredBy);
  if (!name && !by) return call;
  return { ...call, ...(name ? { remoteName: name } : {}), ...(by ? { transferredBy: by } : {}) };
}

export const createLinesSlice: StateCreator<AppState, [], [], LinesSlice> = (set, get) => ({
  lines: initialLines(),
  callAdded: (added) =>
    set((state) => {
      const { lines } = state;
      const call = withNames(state, added);
      return {
        // A call ringing here is never left behind the Admin tab.
        ...(call.direction === 'incoming' && call.state === 'ringing' ? { tab: 'phone' } : {}),
        lines: {
          ...lines,
          calls: { ...lines.calls, [call.id]: call },
          order: lines.order.includes(call.id) ? lines.order : [...lines.order, call.id],
          selectedId: shouldSelect(lines, call) ? call.id : lines.selectedId,
        },
      };
    }),
  callChanged: (id, patch) => {
    const before = get().lines.calls[id];
    if (!before) return;
    const after: CallInfo = withNames(get(), { ...before, ...patch, id });
    if (after.state === 'ended' && after.endedAt === undefined) after.endedAt = Date.now();
    // A failed transfer brings the client's line back to the screen: they are back with us.
    const back = after.transfer?.state === 'failed' && before.transfer?.state !== 'failed';
    set(({ lines }) => ({
      lines: {
        ...lines,
        calls: { ...lines.calls, [id]: after },
        selectedId: back && after.state !== 'ended' ? id : lines.selectedId,
      },
    }));
    if (before.state !== 'ended' && after.state === 'ended') {
      get().addToHistory(historyEntryOf(after, Date.now()));
    }
  },
  appendDigits: (id, digits) =>
    set(({ lines }) =>
      lines.calls[id]
        ? {
            lines: {
              ...lines,
              digits: { ...lines.digits, [id]: (lines.digits[id] ?? '') + digits },
            },
          }
        : {},
    ),
  selectLine: (id) =>
    set(({ lines }) => (lines.calls[id] ? { lines: { ...lines, selectedId: id } } : {})),
  dismissCall: (id) =>
    set(({ lines }) => {
      if (!lines.calls[id]) return {};
      const calls = { ...lines.calls };
      const digits = { ...lines.digits };
      delete calls[id];
      delete digits[id];
      const order = lines.order.filter((o) => o !== id);
      const live = order.filter((o) => calls[o]?.state !== 'ended');
      const selectedId =
        lines.selectedId && lines.selectedId !== id ? lines.selectedId : (live[0] ?? order[0]);
      return { lines: { calls, order, digits, selectedId } };
    }),
});
