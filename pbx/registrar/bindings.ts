import type { DeviceKind } from '../../shared/devices';
import type { Flow } from '../sip/transport/flow';
import type { SipUri } from '../sip/uri';

/** One device registered on a SIP number. */
export interface Binding {
  /** `+sip.instance` (+ reg-id) when the device sends them (RFC 5626), else the Contact URI. */
  readonly key: string;
  readonly sipNumber: string;
  readonly contact: SipUri;
  /** The Contact's own parameters (+sip.instance, reg-id, ...), echoed in the 200 OK. */
  readonly contactParams: Record<string, string | null>;
  /** Requests to the device go through the flow it registered on, not to the Contact host. */
  readonly flow: Flow;
  readonly deviceKind: DeviceKind;
  readonly userAgent?: string;
  readonly callId: string;
  readonly cseq: number;
  readonly registeredAt: number;
  expiresAt: number;
}

/** Told when a device appears or goes; a device refreshing its binding is neither. */
export interface BindingEvents {
  onAdded?(binding: Binding): void;
  onRemoved?(binding: Binding): void;
}

/** In-memory bindings by SIP number (why in memory: docs/architecture.md). */
export class BindingTable {
  private readonly byNumber = new Map<string, Map<string, Binding>>();
  private readonly byFlow = new Map<string, Set<Binding>>();
  private count = 0;

  constructor(private readonly events: BindingEvents = {}) {}

  /** The live bindings of a SIP number, oldest first. */
  list(sipNumber: string, now = Date.now()): Binding[] {
    const bindings = this.byNumber.get(sipNumber);
    if (!bindings) return [];
    return [...bindings.values()].filter((b) => b.expiresAt > now && b.flow.open);
  }

  find(sipNumber: string, key: string): Binding | undefined {
    return this.byNumber.get(sipNumber)?.get(key);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a binding, or replaces the one with the same key (a device refreshing). */
  put(binding: Binding): void {
    let bindings = this.byNumber.get(binding.sipNumber);
    if (!bindings) {
      bindings = new Map();
      this.byNumber.set(binding.sipNumber, bindings);
    }
    const previous = bindings.get(binding.key);
    if (previous) this.unindexFlow(previous);
    else this.count++;
    bindings.set(binding.key, binding);
    let onFlow = this.byFlow.get(binding.flow.id);
    if (!onFlow) {
      onFlow = new Set();
      this.byFlow.set(binding.flow.id, onFlow);
    }
    onFlow.add(binding);
    if (!previous) this.events.onAdded?.(binding);
  }

  remove(sipNumber: string, key: string): boolean {
    const binding = this.byNumber.get(sipNumber)?.get(key);
    if (!binding) return false;
    this.delete(binding);
    return true;
  }

  removeNumber(sipNumber: string): number {
    const bindings = [...(this.byNumber.get(sipNumber)?.values() ?? [])];
    for (const binding of bindings) this.delete(binding);
    return bindings.length;
  }

  /** Removes every binding made over a flow (its connection closed). */
  removeFlow(flowId: string): number {
    const bindings = [...(this.byFlow.get(flowId) ?? [])];
    for (const binding of bindings) this.delete(binding);
    return bindings.length;
  }

  /** Removes expired bindings; run every second. */
  sweep(now = Date.now()): number {
    let removed = 0;
    for (const bindings of this.byNumber.values()) {
      for (const binding of bindings.values()) {
        if (binding.expiresAt <= now) {
          this.delete(binding);
          removed++;
        }
      }
    }
    return removed;
  }

  numbers(): IterableIterator<string> {
    return this.byNumber.keys();
  }

  private delete(binding: Binding): void {
    const bindings = this.byNumber.get(binding.sipNumber);
    if (!bindings?.delete(binding.key)) return;
    if (bindings.size === 0) this.byNumber.delete(binding.sipNumber);
    this.unindexFlow(binding);
    this.count--;
    this.events.onRemoved?.(binding);
  }

  private unindexFlow(binding: Binding): void {
    const onFlow = this.byFlow.get(binding.flow.id);
    onFlow?.delete(binding);
    if (onFlow?.size === 0) this.byFlow.delete(binding.flow.id);
  }
}
