import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  Listeners,
  type Change,
  type ChangeData,
  type ChangeEntity,
  type ChangeFeed,
} from '../changes';
import { clientConfig } from './connection';

/** The NOTIFY channel every node listens on. */
export const CHANGE_CHANNEL = 'pbx_changes';

/** A NOTIFY payload: a change, or a sync marker that a node sends to itself. */
interface Payload {
  e?: ChangeEntity;
  d?: ChangeData;
  c?: number | null;
  k?: string;
  o: string;
  sync?: string;
}

export const changePayload = (change: Change): string =>
  JSON.stringify({
    e: change.entity,
    c: change.companyId,
    k: change.key,
    o: change.origin,
    d: change.data,
  });

const RECONNECT_MS = [250, 1000, 3000, 10_000];

/**
 * PostgreSQL's change stream: writes NOTIFY inside their transaction, so each node hears a
 * change when (and only if) it commits, in commit order. One connection per node LISTENs. A
 * lost connection is opened again, and listeners are told to reload everything, since what
 * was sent meanwhile is lost. `sync` sends a marker through the same channel: once it comes
 * back, every change committed before it has come back too.
 */
export class PostgresChangeFeed implements ChangeFeed {
  private readonly listeners = new Listeners();
  private client?: pg.Client;
  /** Settles once the current connection LISTENs (or failed to). */
  private ready?: Promise<void>;
  private pending: Change[] = [];
  private flushing = false;
  private readonly syncs = new Map<string, () => void>();
  private attempt = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    readonly origin: string,
    private readonly url: string,
    private readonly notify: (payload: string) => Promise<void>,
  ) {}

  subscribe(listener: (changes: Change[]) => void): () => void {
    return this.listeners.add(
      listener,
      () => this.start(),
      () => this.disconnect(),
    );
  }

  async sync(): Promise<void> {
    await this.ready;
    if (!this.client) return;
    const token = randomBytes(8).toString('hex');
    const heard = new Promise<void>((resolve) => this.syncs.set(token, resolve));
    await this.notify(JSON.stringify({ o: this.origin, sync: token }));
    await heard;
  }

  close(): void {
    this.closed = true;
    this.disconnect();
  }

  private start(): void {
    this.ready = this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed || this.listeners.size === 0) return;
    const client = new pg.Client(clientConfig(this.url));
    this.client = client;
    client.on('notification', (message) => this.heard(message.payload));
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (this.attempt > 0) {
        this.attempt = 0;
        this.queue({ entity: 'all', companyId: null, key: '', origin: '' });
        this.releaseSyncs();
      }
    } catch {
      // Why it failed does not matter here: lost() schedules the reconnection, with backoff.
      lost();
      // The connection is lost already; closing it is tidying, its failure changes nothing.
      await client.end().catch(() => undefined);
    }
  }

  private scheduleReconnect(): void {
    if (this.closed || this.listeners.size === 0) return;
    const delay = RECONNECT_MS[Math.min(this.attempt++, RECONNECT_MS.length - 1)]!;
    this.reconnectTimer = setTimeout(() => this.start(), delay);
    this.reconnectTimer.unref();
  }

  private disconnect(): void {
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    // Closing: a connection that fails to end is gone anyway.
    void client?.end().catch(() => undefined);
    this.releaseSyncs();
  }

  /** Syncs waiting on a connection that is gone: what they waited for comes as 'all'. */
  private releaseSyncs(): void {
    for (const resolve of this.syncs.values()) resolve();
    this.syncs.clear();
  }

  private heard(text: string | undefined): void {
    let payload: Payload;
    try {
      payload = JSON.parse(text ?? '') as Payload;
    } catch {
      return; // Not ours: someone else NOTIFYing on the channel.
    }
    if (payload.sync !== undefined) {
      const resolve = this.syncs.get(payload.sync);
      if (!resolve) return;
      this.syncs.delete(payload.sync);
      this.flush();
      resolve();
      return;
    }
    if (!payload.e || payload.k === undefined) return;
    this.queue({
      entity: payload.e,
      companyId: payload.c ?? null,
      key: payload.k,
      origin: payload.o,
      ...(payload.d ? { data: payload.d } : {}),
    });
  }

  /** Changes heard in one turn go to the listeners together. */
  private queue(change: Change): void {
    this.pending.push(change);
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = false;
    const changes = this.pending;
    this.pending = [];
    this.listeners.deliver(changes);
  }
}
