/**
 * Bindings kept in the store, so a server that crashed or was killed reaches their devices the
 * moment it is back, instead of an hour later at their next REGISTER (issue 20 item 7): UDP
 * devices', and plain RFC 3261 TCP/TLS devices' (which outlive their connection anyway: they
 * come back with a closed connection and are reached through a new one to their Contact). A
 * WebSocket or outbound (RFC 5626) binding names a connection that died with the process, and
 * its device registers again at once over a new one.
 *
 * Writes go behind, through the write-behind queue, and coalesce: a device refreshing many
 * times before a batch is written is one row written.
 */
import { parseDeviceKind } from '../../shared/devices';
import { copyDictionary } from '../sip/dictionary';
import { closedConnection } from '../sip/transport/closed-flow';
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
    if (isKept(binding)) this.mark(binding);
    else if (previous && isKept(previous)) this.removed(previous);
  }

  removed(binding: Binding): void {
    if (!isKept(binding)) return;
    this.mark({ sipNumber: binding.sipNumber, key: binding.key, removed: true });
  }

  /** The bindings this server kept and that are still live: read before it listens. */
  load(store: Store, now = Date.now()): Promise<StoredBinding[]> {
    return store.udpBindings.load(this.node, now);
  }

  /**
   * Puts kept bindings back once the UDP socket is bound: a UDP device's through a UDP flow to
   * its address, a TCP/TLS device's with its connection closed; `known` drops those of numbers
   * deleted meanwhile. How many came back.
   */
  restore(
    table: BindingTable,
    kept: readonly StoredBinding[],
    udpFlowTo: (address: string, port: number) => Flow | undefined,
    known: (sipNumber: string) => boolean,
  ): number {
    let restored = 0;
    this.restoring = true;
    try {
      for (const row of kept) {
        const { protocol = 'udp', address, port } = row.data;
        const connection = protocol === 'tcp' || protocol === 'tls';
        const flow = connection
          ? closedConnection(protocol, address, port)
          : udpFlowTo(address, port);
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
          ...(connection ? { outlivesFlow: true } : {}),
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

/** UDP bindings, and plain TCP/TLS ones, which outlive their connection. */
function isKept(binding: Binding): boolean {
  return binding.flow.protocol === 'udp' || binding.outlivesFlow === true;
}

function stored(binding: Binding): StoredBinding {
  return {
    sipNumber: binding.sipNumber,
    key: binding.key,
    expiresAt: binding.expiresAt,
    data: {
      contact: formatUri(binding.contact),
      contactParams: { ...binding.contactParams },
      ...(binding.flow.protocol === 'udp'
        ? {}
        : { protocol: binding.flow.protocol === 'tls' ? 'tls' : 'tcp' }),
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
