import type { DropReason } from '../../shared/device-drop';
import type { DeviceKind } from '../../shared/devices';
import type { Flow } from '../sip/transport/flow';
import type { SipUri } from '../sip/uri';
import { TakenOverRegistrations } from './taken-over';

/** One device registered on a SIP number. */
export interface Binding {
  /** `+sip.instance` (+ reg-id) when the device sends them (RFC 5626), else the Contact URI. */
  readonly key: string;
  readonly sipNumber: string;
  readonly contact: SipUri;
  /** The Contact's own parameters (+sip.instance, reg-id, ...), echoed in the 200 OK. */
  readonly contactParams: Readonly<Record<string, string | null>>;
  /** Requests to the device go through the flow it registered on, not to the Contact host. */
  readonly flow: Flow;
  /**
   * A plain RFC 3261 TCP/TLS binding (no RFC 5626 outbound): it survives its connection, and
   * the device is then reached through a connection to its Contact (device-targets.ts).
   */
  readonly outlivesFlow?: boolean;
  readonly deviceKind: DeviceKind;
  /** The device credential (digest user name) it registered with; none: the password. */
  readonly credential?: string;
  readonly userAgent?: string;
  readonly callId: string;
  readonly cseq: number;
  readonly registeredAt: number;
  /** When its last REGISTER authenticated (registration or refresh); registeredAt if unset. */
  readonly authenticatedAt?: number;
  expiresAt: number;
}

/** Told when a device appears or goes; a device refreshing its binding is neither. */
export interface BindingEvents {
  onAdded?(binding: Binding): void;
  /** Every put: a new binding, or one refreshed (`previous`, the binding it replaced). */
  onSaved?(binding: Binding, previous: Binding | undefined): void;
  /** `reason` is set when the PBX dropped a live device (it is then told why). */
  onRemoved?(binding: Binding, reason?: DropReason): void;
}

/**
 * In-memory bindings by SIP number (why in memory: docs/architecture.md). A number has a few
 * devices at most, so each keeps a plain array (a Map per number cost ~200 bytes more per
 * binding). Bindings are also found by flow, to drop them when their connection closes; UDP
 * flows never close, so only connection flows are indexed.
 */
export class BindingTable {
  private readonly byNumber = new Map<string, Binding[]>();
  private readonly byFlow = new Map<string, Binding[]>();
  /** Bindings per source address: what the per-address limits allow an address. */
  private readonly perAddress = new Map<string, number>();
  private count = 0;
  /** Registrations a take-over dropped: "newest device wins" does not let them back (taken-over.ts). */
  readonly takenOver = new TakenOverRegistrations();

  constructor(
    private readonly events: BindingEvents = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** The live bindings of a SIP number, oldest first. */
  list(sipNumber: string, now = Date.now()): Binding[] {
    const bindings = this.byNumber.get(sipNumber);
    if (!bindings) return [];
    return bindings.filter((b) => b.expiresAt > now && (b.flow.open || b.outlivesFlow));
  }

  find(sipNumber: string, key: string): Binding | undefined {
    return this.byNumber.get(sipNumber)?.find((b) => b.key === key);
  }

  get size(): number {
    return this.count;
  }

  /** Devices registered from an address (an office behind NAT, an edge proxy: many). */
  devicesAt(address: string): number {
    return this.perAddress.get(address) ?? 0;
  }

  /** Adds a binding, or replaces the one with the same key (a device refreshing) in place. */
  put(binding: Binding): void {
    const bindings = this.byNumber.get(binding.sipNumber);
    const at = bindings ? bindings.findIndex((b) => b.key === binding.key) : -1;
    const previous = at < 0 ? undefined : bindings?.[at];
    if (previous) this.uncountAddress(previous);
    this.countAddress(binding);
    if (bindings && previous) {
      this.unindexFlow(previous);
      bindings[at] = binding;
    } else if (bindings) {
      bindings.push(binding);
    } else {
      // An array of exactly one: `[]` and push would reserve room for 16.
      this.byNumber.set(binding.sipNumber, [binding]);
    }
    if (!previous) this.count++;
    this.indexFlow(binding);
    this.events.onSaved?.(binding, previous);
    if (!previous) this.events.onAdded?.(binding);
  }

  remove(sipNumber: string, key: string, reason?: DropReason): boolean {
    const binding = this.find(sipNumber, key);
    if (!binding) return false;
    this.delete(binding, reason);
    return true;
  }

  removeNumber(sipNumber: string, reason?: DropReason): number {
    const bindings = [...(this.byNumber.get(sipNumber) ?? [])];
    for (const binding of bindings) this.delete(binding, reason);
    return bindings.length;
  }

  /**
   * Its connection closed: removes every binding made over the flow, except the plain TCP/TLS
   * ones, which outlive it (only no longer found by it). How many were removed.
   */
  removeFlow(flowId: string): number {
    const bindings = [...(this.byFlow.get(flowId) ?? [])];
    this.byFlow.delete(flowId);
    const removed = bindings.filter((binding) => !binding.outlivesFlow);
    for (const binding of removed) this.delete(binding);
    return removed.length;
  }

  /** Removes expired bindings; run every second. */
  sweep(now = Date.now()): number {
    const expired: Binding[] = [];
    for (const bindings of this.byNumber.values()) {
      for (const binding of bindings) if (binding.expiresAt <= now) expired.push(binding);
    }
    for (const binding of expired) this.delete(binding);
    return expired.length;
  }

  /** Whether any binding still uses the flow (a connection may carry several devices). */
  usesFlow(flowId: string): boolean {
    return this.byFlow.has(flowId);
  }

  numbers(): IterableIterator<string> {
    return this.byNumber.keys();
  }

  private delete(binding: Binding, reason?: DropReason): void {
    const bindings = this.byNumber.get(binding.sipNumber);
    if (!bindings || !removeItem(bindings, binding)) return;
    if (bindings.length === 0) this.byNumber.delete(binding.sipNumber);
    this.unindexFlow(binding);
    this.uncountAddress(binding);
    this.count--;
    if (reason === 'taken-over')
      this.takenOver.remember(binding.sipNumber, binding.callId, this.now());
    this.events.onRemoved?.(binding, reason);
  }

  private countAddress(binding: Binding): void {
    const address = binding.flow.remoteAddress;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
  }

  private uncountAddress(binding: Binding): void {
    const address = binding.flow.remoteAddress;
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }

  private indexFlow(binding: Binding): void {
    if (!binding.flow.reliable) return;
    const onFlow = this.byFlow.get(binding.flow.id);
    if (onFlow) onFlow.push(binding);
    else this.byFlow.set(binding.flow.id, [binding]);
  }

  private unindexFlow(binding: Binding): void {
    const onFlow = this.byFlow.get(binding.flow.id);
    if (!onFlow) return;
    removeItem(onFlow, binding);
    if (onFlow.length === 0) this.byFlow.delete(binding.flow.id);
  }
}

/** Removes `item` from `list`; false when it was not there. */
function removeItem<T>(list: T[], item: T): boolean {
  const at = list.indexOf(item);
  if (at < 0) return false;
  list.splice(at, 1);
  return true;
}
