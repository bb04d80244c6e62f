/**
 * The `dialog` event subscriptions alive now (RFC 6665), found by their dialog, by the number
 * they watch, and by the device (SIP number and flow) that made them. Plain data: the notifier
 * (dialog-events.ts) sends what they are owed.
 */

/** What the table needs of a subscription. */
export interface SubscriptionEntry {
  /** The dialog's key: Call-ID and the PBX's tag. */
  readonly id: string;
  /** The SIP number watched. */
  readonly watched: string;
  /** The SIP number of the device that subscribed, and the flow it subscribed on. */
  readonly subscriber: string;
  readonly flowId: string;
  expiresAt: number;
}

/** A desk phone's 60-key expansion module fits; a runaway client does not grow without bound. */
export const MAX_SUBSCRIPTIONS_PER_DEVICE = 100;

const deviceKey = (entry: Pick<SubscriptionEntry, 'subscriber' | 'flowId'>) =>
  `${entry.subscriber}\n${entry.flowId}`;

export class SubscriptionTable<S extends SubscriptionEntry> {
  private readonly byId = new Map<string, S>();
  private readonly byWatched = new Map<string, Set<S>>();
  private readonly byDevice = new Map<string, Set<S>>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): S | undefined {
    return this.byId.get(id);
  }

  /** How many subscriptions this device (number and flow) has now. */
  countOf(subscriber: string, flowId: string): number {
    return this.byDevice.get(deviceKey({ subscriber, flowId }))?.size ?? 0;
  }

  add(entry: S): void {
    this.remove(entry.id);
    this.byId.set(entry.id, entry);
    index(this.byWatched, entry.watched, entry);
    index(this.byDevice, deviceKey(entry), entry);
  }

  /** Removes it; false when it was not there (ended already). */
  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    unindex(this.byWatched, entry.watched, entry);
    unindex(this.byDevice, deviceKey(entry), entry);
    return true;
  }

  /** The subscriptions watching a SIP number. */
  watching(sipNumber: string): S[] {
    return [...(this.byWatched.get(sipNumber) ?? [])];
  }

  /** The subscriptions a device made: its SIP number, on its flow. */
  ofDevice(subscriber: string, flowId: string): S[] {
    return [...(this.byDevice.get(deviceKey({ subscriber, flowId })) ?? [])];
  }

  /** Every subscription made on a flow, whoever made it. */
  onFlow(flowId: string): S[] {
    return [...this.byId.values()].filter((entry) => entry.flowId === flowId);
  }

  /** The subscriptions whose time is up at `now`. */
  expired(now: number): S[] {
    return [...this.byId.values()].filter((entry) => entry.expiresAt <= now);
  }

  all(): S[] {
    return [...this.byId.values()];
  }
}

function index<S>(map: Map<string, Set<S>>, key: string, entry: S): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(entry);
}

function unindex<S>(map: Map<string, Set<S>>, key: string, entry: S): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(entry);
  if (set.size === 0) map.delete(key);
}
