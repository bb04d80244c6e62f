/**
 * UDP devices' bindings kept in the store, so a server that crashed or was killed reaches them
 * the moment it is back, instead of an hour later at their next REGISTER (issue 20 item 7).
 * Only UDP: a WebSocket or outbound TCP binding names a connection that died with the process,
 * and its device registers again at once over a new one. A plain TCP binding outlives its
 * connection and could be kept too; it is not yet (its phone registers again when it notices
 * its connection closed, or at its next refresh).
 *
 * Writes go behind, through the write-behind queue, and coalesce: a device refreshing many
 * times before a batch is written is one row written.
 */
import { parseDeviceKind } from '../../shared/devices';
import { copyDictionary } from '../sip/dictionary';
import type { Flow } from '../sip/transport/flow';
import { parseUri, formatUri } from '../sip/uri';
import type { StoredBinding, Store } from '../store/store';
import type { WriteQueue } from '../store/write-behind';
import type { Binding, BindingTable } from './bindings';

type Removal = { sipNumber: string; key: string; removed: true };
type Pending = Map<string, Binding | Removal>;

export class KeptBindings {
  private pending: Pending = new Map();
  private restoring = false;

  constructor(
    private readonly writes: WriteQueue,
    /** This server's name (`--node-name`): whose bindings these are. */
    private readonly node: string,
  ) {}

  /** A binding was added or refreshed. */
  saved(binding: Binding, previous: Binding | undefined): void {
    if (this.restoring) return;
    if (binding.flow.protocol === 'udp') this.mark(binding);
    else if (previous?.flow.protocol === 'udp') this.removed(previous);
  }

  removed(binding: Binding): void {
    if (binding.flow.protocol !== 'udp') return;
    this.mark({ sipNumber: binding.sipNumber, key: binding.key, removed: true });
  }

  /** The bindings this server kept and that are still live: read before it listens. */
  load(store: Store, now = Date.now()): Promise<StoredBinding[]> {
    return store.udpBindings.load(this.node, now);
  }

  /**
   * Puts kept bindings back, each through a UDP flow to its device's address, once the UDP
   * socket is bound; `known` drops those of numbers deleted meanwhile. How many came back.
   */
  restore(
    table: BindingTable,
    kept: readonly StoredBinding[],
    flowTo: (address: string, port: number) => Flow | undefined,
    known: (sipNumber: string) => boolean,
  ): number {
    let restored = 0;
    this.restoring = true;
    try {
      for (const row of kept) {
        const flow = flowTo(row.data.address, row.data.port);
        if (!flow || !known(row.sipNumber)) continue;
        let contact;
        try {
          contact = parseUri(row.data.contact);
        } catch {
          continue; // a row this program did not write
        }
        table.put({
          key: row.key,
          sipNumber: row.sipNumber,
          contact,
          contactParams: copyDictionary(row.data.contactParams),
          flow,
          deviceKind: parseDeviceKind(row.data.deviceKind),
          userAgent: row.data.userAgent,
          ...(row.data.credential === undefined ? {} : { credential: row.data.credential }),
          callId: row.data.callId,
          cseq: row.data.cseq,
          registeredAt: row.data.registeredAt,
          expiresAt: row.expiresAt,
        });
        restored++;
      }
    } finally {
      this.restoring = false;
    }
    return restored;
  }

  private mark(change: Binding | Removal): void {
    const first = this.pending.size === 0;
    this.pending.set(`${change.sipNumber}\n${change.key}`, change);
    if (!first) return;
    // One queued write takes what is pending when it first runs; a retry writes the same.
    let batch: Pending | undefined;
    this.writes.enqueue(async (tx) => {
      if (!batch) {
        batch = this.pending;
        this.pending = new Map();
      }
      const saved: StoredBinding[] = [];
      const removed: { sipNumber: string; key: string }[] = [];
      for (const change of batch.values()) {
        if ('removed' in change) removed.push(change);
        else saved.push(stored(change));
      }
      if (removed.length > 0) await tx.udpBindings.remove(this.node, removed);
      if (saved.length > 0) await tx.udpBindings.save(this.node, saved);
    });
  }
}

function stored(binding: Binding): StoredBinding {
  return {
    sipNumber: binding.sipNumber,
    key: binding.key,
    expiresAt: binding.expiresAt,
    data: {
      contact: formatUri(binding.contact),
      contactParams: { ...binding.contactParams },
      address: binding.flow.remoteAddress,
      port: binding.flow.remotePort,
      deviceKind: binding.deviceKind,
      ...(binding.userAgent === undefined ? {} : { userAgent: binding.userAgent }),
      ...(binding.credential === undefined ? {} : { credential: binding.credential }),
      callId: binding.callId,
      cseq: binding.cseq,
      registeredAt: binding.registeredAt,
    },
  };
}
