import type { ApiEvent } from '../../../shared/api';

type Deliver = (event: ApiEvent) => void;

interface Subscriber {
  companyId: number;
  deliver: Deliver;
}

/** Announces changes to the live-update sockets of one company (events are hints, not state). */
export class ApiEventBus {
  private readonly subscribers = new Set<Subscriber>();

  subscribe(companyId: number, deliver: Deliver): () => void {
    const subscriber = { companyId, deliver };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Cheap to ask before looking up what an event needs (a registration storm has no listeners). */
  get idle(): boolean {
    return this.subscribers.size === 0;
  }

  publish(companyId: number, event: ApiEvent): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.companyId === companyId) subscriber.deliver(event);
    }
  }

  /** For changes made by another process, whose company is not known. */
  publishToAll(event: ApiEvent): void {
    for (const subscriber of this.subscribers) subscriber.deliver(event);
  }
}
