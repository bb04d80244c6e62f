/**
 * The transaction layer (RFC 3261 §17): matches incoming messages to transactions, creates
 * server transactions for new requests and client transactions for the TU's requests.
 */
import { markFaultAnswered, type FaultBarrier } from '../fault-barrier';
import type { SipMessage, SipRequest, SipResponse } from '../message';
import type { Flow } from '../transport/flow';
import type { ClientTransactionBase } from './client';
import { InviteClientTransaction, NonInviteClientTransaction } from './client';
import { clientKey, responseKey, serverKey } from './keys';
import { LingeringTransactions } from './lingering';
import { refusal, refusalResponse } from '../sip-error';
import { createResponse } from './response';
import type { ServerTransactionBase } from './server';
import { InviteServerTransaction, NonInviteServerTransaction } from './server';
import type { TimerValues } from './timers';
import { resolveTimers } from './timers';
import type { Transaction, TransactionHost } from './transaction';
import type { ClientTransaction, ClientTransactionHandler, ServerTransaction } from './types';

export interface TransactionLayerOptions {
  timers?: Partial<TimerValues>;
  /**
   * A new request that matched no transaction. tx is null for ACK (no server tx for ACK);
   * ACKs for non-2xx are absorbed by their INVITE server tx and never reach here. CANCEL
   * arrives with its own server tx once the matching INVITE tx is marked cancelled (its
   * onCancel fires right after this call); a CANCEL matching no INVITE tx is answered 481
   * here and never reaches the TU.
   */
  onRequest(request: SipRequest, tx: ServerTransaction | null, flow: Flow): void;
  /** A response that matched no client transaction (e.g. a 2xx retransmission after the tx ended). */
  onStrayResponse?(response: SipResponse, flow: Flow): void;
  /** Reports what a transaction timer's work threw; without it, the throw goes on up. */
  barrier?: FaultBarrier;
  /**
   * Server transactions one source address may have open at once (lingering ones, which keep
   * only bytes, aside); a new request beyond is answered 503 with Retry-After, statelessly.
   */
  maxPerAddress?: number;
  /**
   * Transactions an address may have open beyond `maxPerAddress`: an address that many devices
   * registered from (an office NAT, an edge proxy) speaks for all of them (`devicesAllowance`).
   */
  extraFor?(address: string): number;
  /** Sources the limit does not apply to (the carrier trunk). */
  unlimited?(flow: Flow): boolean;
}

/** What a source over its transaction limit is told to wait, in seconds. */
const RETRY_AFTER_SECONDS = '5';

export class TransactionLayer {
  /** The RFC 3261 timer values; the dialog layer paces its 2xx retransmissions by them. */
  readonly timers: TimerValues;
  private readonly servers = new Map<string, ServerTransactionBase>();
  private readonly clients = new Map<string, ClientTransactionBase>();
  /** Server transactions past their last decision, kept as bytes (see lingering.ts). */
  private readonly lingering = new LingeringTransactions();
  /** Open server transactions per source address (see `maxPerAddress`). */
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly options: TransactionLayerOptions) {
    this.timers = resolveTimers(options.timers);
  }

  /** Number of live transactions (for tests and metrics). */
  get size(): number {
    return this.servers.size + this.lingering.size + this.clients.size;
  }

  receive(message: SipMessage, flow: Flow): void {
    if (message.type === 'request') this.receiveRequest(message, flow);
    else this.receiveResponse(message, flow);
  }

  /**
   * Starts a client transaction (INVITE or non-INVITE chosen by method). The caller already
   * put its own Via with a fresh branch on top. A closed flow terminates the tx at once and
   * reports onTransportError in a microtask, after this returns.
   */
  sendRequest(
    request: SipRequest,
    flow: Flow,
    handler: ClientTransactionHandler,
  ): ClientTransaction {
    if (request.method === 'ACK') throw new Error('ACK is sent without a client transaction');
    const id = clientKey(request);
    if (this.clients.has(id)) throw new Error(`client transaction ${id} already exists`);
    const Machine =
      request.method === 'INVITE' ? InviteClientTransaction : NonInviteClientTransaction;
    const tx = new Machine(id, request, flow, this.timers, this.clientHost, handler);
    this.clients.set(id, tx);
    if (!tx.start()) queueMicrotask(() => handler.onTransportError(tx));
    return tx;
  }

  /** Stops every timer and forgets every transaction (server shutdown); no callbacks. */
  close(): void {
    for (const tx of this.servers.values()) tx.terminate();
    for (const tx of this.clients.values()) tx.terminate();
    this.servers.clear();
    this.perAddress.clear();
    this.clients.clear();
    this.lingering.close();
  }

  /** A timer's work threw: reported, and the transaction (whatever state it is in) goes on. */
  private readonly fault = (tx: Transaction, error: unknown): void => {
    if (!this.options.barrier) throw error;
    this.options.barrier.caught(error, { in: `transaction ${tx.id}`, callId: tx.request.callId });
  };

  private readonly serverHost: TransactionHost = {
    fault: this.fault,
    ended: (tx: Transaction) => {
      if (this.servers.get(tx.id) !== tx) return;
      this.servers.delete(tx.id);
      this.uncount(tx.flow);
    },
    linger: (tx: Transaction, finalResponse: Buffer | undefined, ms: number, acksToTu = false) => {
      if (this.servers.get(tx.id) !== tx) return;
      this.servers.delete(tx.id);
      this.uncount(tx.flow);
      this.lingering.add(tx.id, tx.flow, finalResponse, ms, acksToTu);
    },
  };

  /**
   * Counts a new server transaction of the request's source; false (and the request answered
   * 503) when the source has `maxPerAddress` open already. CANCEL always passes: it ends work.
   */
  private admit(request: SipRequest, flow: Flow): boolean {
    const limit = this.options.maxPerAddress;
    if (limit === undefined || request.method === 'CANCEL' || this.options.unlimited?.(flow)) {
      this.count(flow);
      return true;
    }
    const allowed = limit + (this.options.extraFor?.(flow.remoteAddress) ?? 0);
    if ((this.perAddress.get(flow.remoteAddress) ?? 0) < allowed) {
      this.count(flow);
      return true;
    }
    if (this.options.barrier) this.options.barrier.stats.overAddressLimit++;
    const busy = refusal('addressBusy', undefined, { 'Retry-After': RETRY_AFTER_SECONDS });
    flow.send(refusalResponse(request, busy));
    return false;
  }

  private count(flow: Flow): void {
    this.perAddress.set(flow.remoteAddress, (this.perAddress.get(flow.remoteAddress) ?? 0) + 1);
  }

  private uncount(flow: Flow): void {
    const left = (this.perAddress.get(flow.remoteAddress) ?? 1) - 1;
    if (left > 0) this.perAddress.set(flow.remoteAddress, left);
    else this.perAddress.delete(flow.remoteAddress);
  }

  private readonly clientHost: TransactionHost = {
    fault: this.fault,
    ended: (tx: Transaction) => {
      if (this.clients.get(tx.id) === tx) this.clients.delete(tx.id);
    },
    linger: (tx: Transaction) => this.clientHost.ended(tx),
  };

  private receiveRequest(request: SipRequest, flow: Flow): void {
    const id = serverKey(request);
    const existing = this.servers.get(id);
    if (existing) {
      existing.receive(request);
      return;
    }
    if (this.lingering.absorb(id, request.method)) return;
    switch (request.method) {
      case 'ACK':
        this.options.onRequest(request, null, flow);
        return;
      case 'INVITE': {
        if (!this.admit(request, flow)) return;
        const tx = new InviteServerTransaction(
          id,
          request,
          flow,
          this.timers,
          this.serverHost,
          'proceeding',
        );
        this.servers.set(id, tx);
        this.deliver(request, tx, flow);
        tx.tryingUnlessAnswered();
        return;
      }
      case 'CANCEL':
        this.receiveCancel(id, request, flow);
        return;
      default: {
        if (!this.admit(request, flow)) return;
        const tx = this.newNonInvite(id, request, flow);
        this.deliver(request, tx, flow);
      }
    }
  }

  /**
   * Hands a new request to the TU. If the TU throws, the request is answered 500 (unless it
   * already has a final response) and the throw goes on to the transport's fault barrier.
   */
  private deliver(request: SipRequest, tx: ServerTransactionBase, flow: Flow): void {
    try {
      this.options.onRequest(request, tx, flow);
    } catch (error) {
      // Built from the request itself: once answered, a transaction keeps only a stand-in.
      tx.respond(refusalResponse(request, refusal('serverError')));
      markFaultAnswered(request);
      throw error;
    }
  }

  /** §9.2: the CANCEL gets its own tx; the INVITE tx it matches is marked, else 481. */
  private receiveCancel(id: string, cancel: SipRequest, flow: Flow): void {
    this.admit(cancel, flow);
    const tx = this.newNonInvite(id, cancel, flow);
    const inviteKey = serverKey(cancel, 'INVITE');
    const invite = this.servers.get(inviteKey);
    if (!invite && this.lingering.has(inviteKey)) {
      // The INVITE is answered and acknowledged: the CANCEL matches but has no effect (§9.2).
      tx.respond(createResponse(cancel, 200, 'OK'));
      return;
    }
    if (!(invite instanceof InviteServerTransaction)) {
      tx.respond(refusalResponse(cancel, refusal('noDialog')));
      return;
    }
    const first = invite.cancel();
    this.deliver(cancel, tx, flow);
    if (first) invite.onCancel?.();
  }

  private newNonInvite(id: string, request: SipRequest, flow: Flow): NonInviteServerTransaction {
    const tx = new NonInviteServerTransaction(
      id,
      request,
      flow,
      this.timers,
      this.serverHost,
      'trying',
    );
    this.servers.set(id, tx);
    return tx;
  }

  private receiveResponse(response: SipResponse, flow: Flow): void {
    const tx = this.clients.get(responseKey(response));
    if (tx) tx.receive(response);
    else this.options.onStrayResponse?.(response, flow);
  }
}
