/**
 * The dialog layer (RFC 3261 §12-15), between the transaction layer and the back-to-back calls,
 * in the shape of drachtio-srf: `createUas` answers an INVITE, `createUac` places one, both
 * end in a `Dialog`; in-dialog requests and ACKs find their dialog here by Call-ID and the PBX's
 * own tag (the To tag of what the far end sends).
 */
import type { FaultBarrier } from '../fault-barrier';
import type { SipRequest } from '../message';
import type { ServerTransaction, TransactionLayer } from '../transaction';
import type { TimerValues } from '../transaction/timers';
import type { Flow } from '../transport/flow';
import type { Dialog } from './dialog';
import { dialogId, type DialogHost } from './dialog';
import type { Guard } from './types';
import { Uac, type UacOptions } from './uac';
import { Uas, type UasOptions } from './uas';

export interface DialogLayerDeps {
  transactions: TransactionLayer;
  /** The PBX's Via for a request it sends on a flow (`LocalIdentity`). */
  identity: { via(flow: Flow, branch: string): string };
  /** Where faults of work without an owner's guard are reported. */
  barrier?: FaultBarrier;
  /** Calls' dialogs probe a far end quiet this long (docs/architecture.md: Dead calls). */
  probeIntervalMs?: number;
}

export class DialogLayer implements DialogHost {
  private readonly dialogs = new Map<string, Dialog>();
  /** Calls being placed: their CANCEL timers stop with the layer. */
  private readonly attempts = new Set<Uac>();
  readonly transactions: TransactionLayer;
  readonly identity: DialogLayerDeps['identity'];
  readonly probeIntervalMs?: number;

  constructor(private readonly deps: DialogLayerDeps) {
    this.transactions = deps.transactions;
    this.identity = deps.identity;
    this.probeIntervalMs = deps.probeIntervalMs;
  }

  /** The transaction layer's timer values: the 2xx of a UAS is repeated by them. */
  get timers(): TimerValues {
    return this.transactions.timers;
  }

  /** Dialogs alive (confirmed, not yet ended). */
  get size(): number {
    return this.dialogs.size;
  }

  /** Answers an INVITE: the returned UAS sends provisional responses, then accepts or refuses. */
  createUas(tx: ServerTransaction, options: Omit<UasOptions, 'guard'> & { guard?: Guard }): Uas {
    return new Uas(this, tx, { ...options, guard: options.guard ?? this.guard });
  }

  /** Prepares an INVITE of the PBX's own; `start` sends it once the owner listens. */
  createUac(options: Omit<UacOptions, 'guard'> & { guard?: Guard }): Uac {
    const uac = new Uac(this, { ...options, guard: options.guard ?? this.guard });
    this.attempts.add(uac);
    const settled = () => this.attempts.delete(uac);
    uac.once('answered', settled).once('failed', settled);
    return uac;
  }

  /**
   * An in-dialog request (it has a To tag) or an ACK: handed to its dialog, under the dialog
   * owner's guard. False when no dialog of this layer matches: the request is someone else's.
   */
  handle(request: SipRequest, tx: ServerTransaction | null): boolean {
    const toTag = request.toTag;
    const dialog =
      toTag === undefined ? undefined : this.dialogs.get(dialogId(request.callId, toTag));
    if (!dialog) return false;
    if (request.method === 'ACK') dialog.guard('ACK', () => dialog.receiveAck(request));
    else if (tx) dialog.guard(`in-dialog ${request.method}`, () => dialog.receive(request, tx));
    return true;
  }

  add(dialog: Dialog): void {
    this.dialogs.set(dialog.id, dialog);
  }

  forget(dialog: Dialog): void {
    if (this.dialogs.get(dialog.id) === dialog) this.dialogs.delete(dialog.id);
  }

  /** Stops every timer of every dialog and call attempt (the PBX is stopping). */
  close(): void {
    for (const dialog of this.dialogs.values()) dialog.stopTimers();
    for (const uac of this.attempts) uac.stopTimers();
  }

  /** Work without an owner: a throw is reported and the layer goes on. */
  private readonly guard: Guard = (where, work) => {
    try {
      work();
    } catch (error) {
      if (!this.deps.barrier) throw error;
      this.deps.barrier.caught(error, { in: `dialog layer: ${where}` });
    }
  };
}
