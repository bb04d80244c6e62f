/**
 * The live calls, owned by the adapter: the JsSIP session of each call id and the CallInfo
 * last reported for it. The store only ever sees the CallInfo.
 */
import type { SessionLike } from './jssip-types';
import type { CallInfo } from './types';

export interface CallEntry {
  info: CallInfo;
  session?: SessionLike;
  stream?: MediaStream;
  /** Undo the listeners and timers attached to the session. */
  detach?: () => void;
  /** Handed on by a transfer: however the session ends, the call ends as 'transferred'. */
  transferred?: boolean;
  /**
   * A session waiting to take this call over (a transfer we were asked to make): when the
   * current session ends first, the call goes on with that one instead of ending.
   */
  handOver?: () => void;
}

export class SessionRegistry {
  private readonly entries = new Map<string, CallEntry>();

  add(info: CallInfo): CallEntry {
    const entry: CallEntry = { info };
    this.entries.set(info.id, entry);
    return entry;
  }

  get(id: string): CallEntry | undefined {
    return this.entries.get(id);
  }

  session(id: string): SessionLike | undefined {
    return this.entries.get(id)?.session;
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    entry?.detach?.();
    this.entries.delete(id);
  }

  /** Lines held by calls that have not ended. */
  lines(): number[] {
    return [...this.entries.values()].map((entry) => entry.info.line);
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }
}
