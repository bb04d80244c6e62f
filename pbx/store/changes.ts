/**
 * What changed, as every process hears it: the CLI, the API and other nodes write, and each
 * server's directory (pbx/directory) reloads what a change names. SQLite carries changes in a
 * table that the server polls (with `data_version`); PostgreSQL in LISTEN/NOTIFY.
 */
export type ChangeEntity =
  | 'company'
  | 'employee'
  | 'sip-number'
  | 'absence'
  | 'company-number'
  | 'region-rule'
  | 'familiar'
  | 'settings'
  /** A SIP number's device credentials (key: the SIP number). */
  | 'device-credential'
  /** Something may have been missed (a lost connection): reload everything. */
  | 'all';

export interface Change {
  entity: ChangeEntity;
  companyId: number | null;
  /**
   * Which row: a company id, employee id, SIP number, employee id (absences), company id
   * (company numbers), SIP number (region rules), client number (familiar), setting name.
   */
  key: string;
  /** The store instance that wrote it, so a process can tell its own changes from others'. */
  origin: string;
  /** What changed, when it is small enough to travel along (a familiar number and its time). */
  data?: ChangeData;
}

/** The new familiar number of a client, so no node has to read it back. */
export interface ChangeData {
  companyNumber: string;
  answeredAt: number;
  /** The employee's SIP number on that call, for return calls (absent in older rows). */
  employeeNumber?: string;
}

export interface ChangeFeed {
  /** The origin this store's own writes carry. */
  readonly origin: string;
  /**
   * Listens; the feed starts watching with its first listener, and every change committed
   * after the next `sync()` resolves is certain to be heard. Returns "stop listening".
   */
  subscribe(listener: (changes: Change[]) => void): () => void;
  /** Resolves once every change committed before the call has reached the listeners. */
  sync(): Promise<void>;
}

/** The listeners of a feed and the handing over of one batch; each driver's feed uses one. */
export class Listeners {
  private readonly listeners = new Set<(changes: Change[]) => void>();

  get size(): number {
    return this.listeners.size;
  }

  add(listener: (changes: Change[]) => void, onFirst: () => void, onLast: () => void) {
    this.listeners.add(listener);
    if (this.listeners.size === 1) onFirst();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) onLast();
    };
  }

  deliver(changes: Change[]): void {
    if (changes.length === 0) return;
    for (const listener of [...this.listeners]) {
      try {
        listener(changes);
      } catch {
        // A listener's own fault; the others still hear the changes.
      }
    }
  }
}
