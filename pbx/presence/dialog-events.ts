/**
 * The `dialog` event package (RFC 4235 over RFC 6665): a desk phone's busy-lamp-field key
 * subscribes to a colleague's SIP number and the PBX, as notifier, sends the colleague's calls
 * as `application/dialog-info+xml`, now and on every change the DialogTracker reports. Each
 * subscription is a dialog of the PBX's own (pbx/sip/dialog), over the subscriber's flow.
 */
import type { Logger } from 'pino';
import type { Directory } from '../directory';
import type { Binding } from '../registrar/bindings';
import type { DialogTracker, TrackedCall } from '../routing/dialogs';
import type { LocalIdentity } from '../routing/local-identity';
import { copyUri } from '../routing/message-copy';
import { Dialog, DialogLayer, type IncomingRequest } from '../sip/dialog';
import { allowedMethods, type Guard } from '../sip/dialog/types';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { SipRequest } from '../sip/message';
import { refusal, SipError } from '../sip/sip-error';
import { createResponse, type ServerTransaction, type TransactionLayer } from '../sip/transaction';
import { localTag } from '../sip/transaction/response';
import type { Flow } from '../sip/transport/flow';
import type { SipNumberWithOwner } from '../store/store';
import { callView, doNotDisturbView } from './call-view';
import type { DoNotDisturbTable } from './do-not-disturb';
import { DIALOG_INFO_TYPE, dialogInfoXml, type DialogView } from './dialog-info';
import { acceptedSubscription } from './subscribe-request';
import { MAX_SUBSCRIPTIONS_PER_DEVICE, SubscriptionTable } from './subscriptions';

export interface DialogEventDeps {
  transactions: TransactionLayer;
  identity: LocalIdentity;
  dialogs: DialogTracker;
  directory: Directory;
  /** Devices on do-not-disturb: a number on DND lights its watchers' lamps as busy. */
  doNotDisturb?: Pick<DoNotDisturbTable, 'isOn' | 'watch'>;
  /** Whether the SIP number has a device registered on this flow. */
  registeredOn(sipNumber: string, flowId: string): boolean;
  barrier?: FaultBarrier;
  log?: Logger;
  now?: () => number;
}

interface Subscription {
  readonly id: string;
  readonly watched: string;
  readonly subscriber: string;
  readonly flowId: string;
  expiresAt: number;
  readonly dialog: Dialog;
  /** The `Event` value its NOTIFYs carry (with the SUBSCRIBE's `id`, if any). */
  readonly event: string;
  /** The version of the next document (RFC 4235 §4.1.1). */
  version: number;
  /** A NOTIFY is on its way: the next waits for its answer (one at a time per dialog). */
  sending: boolean;
  /** A change arrived while one was on its way: a NOTIFY of the latest state follows it. */
  due: boolean;
  /** Calls that ended since the last NOTIFY: shown once, `terminated`. */
  ended: DialogView[];
}

/** Why a subscription ends, as `Subscription-State: terminated;reason=` says (RFC 6665 §4.1.3). */
type EndReason = 'timeout' | 'deactivated' | 'noresource';

export class DialogEventServer {
  private readonly table = new SubscriptionTable<Subscription>();
  private readonly layer: DialogLayer;
  private readonly now: () => number;
  private readonly stopWatching: () => void;
  private readonly stopWatchingDnd: () => void;

  constructor(private readonly deps: DialogEventDeps) {
    this.layer = new DialogLayer({ ...deps });
    this.now = deps.now ?? Date.now;
    // Under our own guard: a fault here must not end the call whose change it was told of.
    this.stopWatching = deps.dialogs.watch((call, ended, progressOnly) =>
      this.guard('call change', () => this.callChanged(call, ended, progressOnly)),
    );
    this.stopWatchingDnd =
      deps.doNotDisturb?.watch((sipNumber) =>
        this.guard('do-not-disturb change', () => {
          for (const subscription of this.table.watching(sipNumber)) this.notify(subscription);
        }),
      ) ?? (() => {});
  }

  get size(): number {
    return this.table.size;
  }

  /** Subscriptions with a NOTIFY on its way or waiting for one: 0 once every watcher has the latest state. */
  get notifying(): number {
    return this.table.all().filter((entry) => entry.sending || entry.due).length;
  }

  /** An initial SUBSCRIBE from an authenticated employee's device (pipeline step `subscribe`). */
  subscribe(
    request: SipRequest,
    tx: ServerTransaction,
    flow: Flow,
    from: SipNumberWithOwner,
  ): void {
    const { expires, event } = acceptedSubscription(request);
    const watched = this.deps.directory.sipNumbers.get(request.user ?? '');
    // Another company's number is not there for this device, like a call to it (SPEC §3).
    if (!watched || watched.companyId !== from.companyId) throw refusal('unknownNumber');
    if (!this.deps.registeredOn(from.number, flow.id)) throw refusal('notRegisteredHere');
    const remoteTag = request.fromTag;
    const target = request.contact()?.uri;
    if (!remoteTag) throw refusal('badRequest', 'Missing From Tag');
    if (!target) throw refusal('badRequest', 'Missing Contact');
    if (expires > 0 && this.table.countOf(from.number, flow.id) >= MAX_SUBSCRIPTIONS_PER_DEVICE) {
      throw refusal('tooManySubscriptions');
    }
    const ok = createResponse(request, 200, 'OK');
    const contact = this.contactFor(flow);
    ok.headers.set('expires', String(expires)).set('contact', contact);
    const dialog = new Dialog(
      this.layer,
      {
        kind: 'uas',
        callId: request.callId,
        localTag: localTag(request),
        remoteTag,
        local: ok.headers.get('to') ?? '',
        remote: request.headers.get('from') ?? '',
        remoteUser: from.number,
        remoteTarget: copyUri(target),
        routeSet: request.recordRoute ? request.headers.getAll('record-route') : [],
        flow,
        contact,
        localSeq: 0,
        remoteSeq: request.cseq?.seq,
        remoteAllows: allowedMethods(request),
      },
      this.guard,
    );
    const subscription: Subscription = {
      id: dialog.id,
      watched: watched.number,
      subscriber: from.number,
      flowId: flow.id,
      expiresAt: this.now() + expires * 1000,
      dialog,
      event,
      version: 0,
      sending: false,
      due: false,
      ended: [],
    };
    tx.respond(ok);
    if (expires === 0) return this.end(subscription, 'timeout'); // a fetch (RFC 6665 §4.4.3)
    this.layer.add(dialog);
    this.table.add(subscription);
    dialog.on('request', (incoming) => this.inDialog(subscription, incoming));
    dialog.on('destroy', () => this.table.remove(subscription.id));
    this.notify(subscription);
  }

  /** A request inside one of the subscriptions' dialogs (a refresh); false when not one of ours. */
  handleInDialog(request: SipRequest, tx: ServerTransaction): boolean {
    return this.layer.handle(request, tx);
  }

  /** The connection closed: nothing more can reach the subscriber over it. */
  flowClosed(flowId: string): void {
    for (const subscription of this.table.onFlow(flowId)) this.forget(subscription);
  }

  /** A device's binding is gone: its subscriptions end, unless it is still registered there. */
  bindingRemoved(binding: Binding): void {
    const { sipNumber, flow } = binding;
    if (this.deps.registeredOn(sipNumber, flow.id)) return;
    for (const subscription of this.table.ofDevice(sipNumber, flow.id)) {
      this.end(subscription, flow.open ? 'deactivated' : undefined);
    }
  }

  /** The watched number was removed (or its employee deleted): nothing is left to watch. */
  numberGone(sipNumber: string): void {
    for (const subscription of this.table.watching(sipNumber)) this.end(subscription, 'noresource');
  }

  /** Ends the subscriptions whose time is up at `now`; run every second. */
  sweep(now = this.now()): void {
    for (const subscription of this.table.expired(now)) this.end(subscription, 'timeout');
  }

  /** The PBX is stopping: no more NOTIFYs. */
  close(): void {
    this.stopWatching();
    this.stopWatchingDnd();
    for (const subscription of this.table.all()) this.forget(subscription);
    this.layer.close();
  }

  /** A refresh, or an unsubscribe (`Expires: 0`), inside the subscription's dialog. */
  private inDialog(subscription: Subscription, incoming: IncomingRequest): void {
    if (incoming.method !== 'SUBSCRIBE') return incoming.reject(refusal('methodNotAllowed'));
    let expires: number;
    try {
      ({ expires } = acceptedSubscription(incoming.request));
    } catch (error) {
      if (!(error instanceof SipError)) throw error;
      return incoming.reject(error);
    }
    incoming.respond(200, 'OK', { headers: { expires: String(expires) } });
    if (expires === 0) return this.end(subscription, 'timeout');
    subscription.expiresAt = this.now() + expires * 1000;
    this.notify(subscription);
  }

  private callChanged(call: TrackedCall, ended: boolean, progressOnly = false): void {
    // Progress (trying, proceeding, early) shows on the caller's side only.
    const numbers = progressOnly ? [call.callerNumber] : [call.callerNumber, call.calleeNumber];
    for (const number of numbers) {
      const watchers = this.table.watching(number);
      if (watchers.length === 0) continue;
      const view = ended ? callView(call, number, this.viewContext(), true) : undefined;
      for (const subscription of watchers) {
        if (view) subscription.ended.push(view);
        this.notify(subscription);
      }
    }
  }

  /** Sends the watched number's full state now, or once the NOTIFY on its way is answered. */
  private notify(subscription: Subscription): void {
    if (subscription.sending) {
      subscription.due = true;
      return;
    }
    subscription.sending = true;
    subscription.due = false;
    const seconds = Math.max(0, Math.ceil((subscription.expiresAt - this.now()) / 1000));
    void subscription.dialog
      .request('NOTIFY', this.notifyExtra(subscription, `active;expires=${seconds}`))
      .then((response) =>
        this.guard('NOTIFY response', () => {
          subscription.sending = false;
          if (response.status >= 300) return this.forget(subscription);
          if (subscription.due) this.notify(subscription);
        }),
      );
  }

  private notifyExtra(subscription: Subscription, state: string) {
    const views = this.deps.dialogs
      .callsOf(subscription.watched)
      .map((call) => callView(call, subscription.watched, this.viewContext()));
    const { watched } = subscription;
    // No call but DND: the lamp shows busy, as PBXs that map DND to a busy hint do.
    if (views.length === 0 && this.deps.doNotDisturb?.isOn(watched)) {
      views.push(doNotDisturbView(watched, this.deps.identity.domain));
    }
    const dialogs = [...subscription.ended.splice(0), ...views];
    const body = dialogInfoXml({
      entity: `sip:${subscription.watched}@${this.deps.identity.domain}`,
      version: subscription.version++,
      dialogs,
    });
    return {
      headers: { event: subscription.event, 'subscription-state': state },
      body: { type: DIALOG_INFO_TYPE, data: Buffer.from(body, 'utf8') },
    };
  }

  /** The final NOTIFY (`terminated`, when the flow can still carry it), and the dialog ends. */
  private end(subscription: Subscription, reason: EndReason | undefined): void {
    this.table.remove(subscription.id);
    if (reason && subscription.dialog.state !== 'terminated') {
      const extra = this.notifyExtra(subscription, `terminated;reason=${reason}`);
      void subscription.dialog.request('NOTIFY', extra);
    }
    void subscription.dialog.destroy(false);
  }

  /** Ends it without a word: the subscriber can no longer be reached, or refused a NOTIFY. */
  private forget(subscription: Subscription): void {
    this.end(subscription, undefined);
  }

  private viewContext() {
    const { directory, identity } = this.deps;
    return {
      domain: identity.domain,
      now: this.now(),
      nameOf: (sipNumber: string) => directory.sipNumbers.get(sipNumber)?.employeeName,
    };
  }

  /** The PBX's Contact in a subscription's dialog, on the flow's transport. */
  private contactFor(flow: Flow): string {
    const { identity } = this.deps;
    const transport = flow.protocol === 'udp' ? '' : `;transport=${flow.protocol}`;
    return `<sip:${identity.host}:${identity.portFor(flow.protocol)}${transport}>`;
  }

  /** A fault in one subscription's work is logged and counted; the rest go on. */
  private readonly guard: Guard = (where, work) => {
    try {
      work();
    } catch (error) {
      if (!this.deps.barrier) throw error;
      this.deps.barrier.caught(error, { in: `dialog events: ${where}` });
    }
  };
}
