import type { Logger } from 'pino';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { MediaBridge } from '../media/media-bridge';
import type { RefusalAnnouncer } from '../media/refusal-announcer';
import { isInternational, isPremiumRate } from '../../shared/phone-numbers';
import type { DialogTracker } from '../routing/dialogs';
import type { LocalIdentity } from '../routing/local-identity';
import type { Upstream } from '../routing/proxy-call';
import { DialogLayer } from '../sip/dialog';
import type { SipRequest } from '../sip/message';
import { refusal } from '../sip/sip-error';
import type { ServerTransaction, TransactionLayer } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import type { TransportLayer } from '../sip/transport/transport-layer';
import type { SipUri } from '../sip/uri';
import type { SipNumberWithOwner } from '../store';
import { formatForCarrier, type TrunkConfig } from './config';
import type { BackToBackCall, BackToBackDeps, RingNumber } from './back-to-back-call';
import { InboundCall } from './inbound-call';
import { OutboundCall } from './outbound-call';

/** The number the client sees, decided for one call (SPEC §3), or a refusal. */
export type CallerIdResolver = (
  caller: SipNumberWithOwner,
  destination: { number: string; emergency: boolean },
) => { number: string; explanation: string };

export interface TrunkDeps {
  config: TrunkConfig;
  transport: TransportLayer;
  transactions: TransactionLayer;
  identity: LocalIdentity;
  dialogs: DialogTracker;
  callerId: CallerIdResolver;
  ringTimeoutMs: number;
  /** Each leg of a carrier call probes a far end quiet this long (dead-call detection); 0: off. */
  probeIntervalMs?: number;
  /** The media bridge: carrier calls anchor their media there. */
  media?: MediaBridge;
  /** Plays a refused client the announcement of why (with the media bridge only). */
  announcer?: RefusalAnnouncer;
  log: Logger;
  /** Where faults of calls are reported. */
  barrier?: FaultBarrier;
  /** How a transfer's new leg and a client's call ring a SIP number (the NumberRouter's). */
  ringNumber: RingNumber;
}

/**
 * The carrier trunk: outside calls go out through it as back-to-back calls, and requests from
 * its address are trusted (a carrier does not answer digest challenges).
 */
export class Trunk {
  private readonly calls = new Set<BackToBackCall>();
  /** The carrier calls' dialogs: UAS, UAC and the in-dialog requests of both legs. */
  private readonly layer: DialogLayer;

  constructor(private readonly deps: TrunkDeps) {
    const { transactions, identity, barrier, probeIntervalMs } = deps;
    this.layer = new DialogLayer({ transactions, identity, barrier, probeIntervalMs });
  }

  /**
   * Whether a request came from the carrier: over the trunk's transport, from its address, and
   * on UDP from its signalling port too (over TCP the source port is ephemeral).
   */
  isCarrier(flow: Flow): boolean {
    const { host, port, transport } = this.deps.config;
    if (flow.protocol !== transport || flow.remoteAddress !== host) return false;
    return transport !== 'udp' || flow.remotePort === port;
  }

  /** A connection closed: calls whose employee was on it end (docs: carrier trunk). */
  connectionClosed(flowId: string): void {
    for (const call of [...this.calls]) call.connectionClosed(flowId);
  }

  /** Stops every call's timers (the PBX is stopping). */
  close(): void {
    for (const call of this.calls) call.stopTimers();
    this.layer.close();
  }

  /**
   * An in-dialog request or an ACK of one of the carrier calls' dialogs (found by Call-ID and the
   * PBX's tag); false when it belongs to none.
   */
  handleInDialog(request: SipRequest, tx: ServerTransaction | null): boolean {
    return this.layer.handle(request, tx);
  }

  /** Calls an outside number (E.164, or an emergency number) for an employee. */
  dialOut(
    tx: ServerTransaction,
    inbound: Flow,
    caller: SipNumberWithOwner,
    destination: { number: string; emergency: boolean },
    callerDevice: string,
  ): void {
    const { config, dialogs, transport } = this.deps;
    const request = tx.request;
    if (request.method !== 'INVITE') throw refusal('methodNotAllowed');
    const params: Record<string, string | null> =
      config.transport === 'tcp' ? { transport: 'tcp' } : {};
    const trunkUri: SipUri = {
      scheme: 'sip',
      user: formatForCarrier(destination.number, config.numberFormat),
      host: config.host,
      port: config.port,
      params,
      headers: {},
    };
    const trunkFlow = transport.flowToUri(trunkUri);
    if (!trunkFlow) throw refusal('carrierUnreachable');
    if (!destination.emergency) this.refuseBarred(caller, destination.number);
    const channel = destination.emergency
      ? dialogs.channels.checkEmergency(caller.number)
      : dialogs.channels.check(caller.number, caller.channels);
    if (!channel.admit) throw refusal('channelsFullOutgoing');
    const callerId = this.deps.callerId(caller, destination);
    const tracked = dialogs.callStarted({
      callId: request.callId,
      companyId: caller.companyId,
      callerNumber: caller.number,
      callerName: caller.employeeName,
      calleeNumber: destination.number,
      calleeName: null,
      callerDevice,
      direction: 'outgoing',
      clientNumber: destination.number,
      companyNumber: callerId.number,
      callerIdReason: callerId.explanation,
    });
    dialogs.holdLines(tracked, channel.line, undefined);
    let call: OutboundCall | undefined;
    try {
      call = new OutboundCall(this.callDeps(), {
        serverTx: tx,
        inbound,
        trunkFlow,
        trunkUri,
        callerId: callerId.number,
        numberFormat: config.numberFormat,
        credentials:
          config.username && config.password
            ? { username: config.username, password: config.password }
            : undefined,
        tracked,
        ringTimeoutMs: this.deps.ringTimeoutMs,
        companyId: caller.companyId,
        clientNumber: destination.number,
      });
      this.calls.add(call);
      call.start();
    } catch (error) {
      // The call could not be placed: its line and record must not outlive the failure.
      if (call) this.calls.delete(call);
      dialogs.endByFault(tracked);
      throw error;
    }
  }

  /**
   * Answers a client's call from the carrier as a back-to-back call; the employee's side is the
   * returned upstream's `request`, for the caller to route to the SIP number with that upstream.
   */
  receiveCall(
    tx: ServerTransaction,
    trunkFlow: Flow,
    parties: {
      clientNumber: string;
      calleeNumber: string;
      companyId: number;
      companyNumber: string;
    },
  ): Upstream {
    if (tx.request.method !== 'INVITE') throw refusal('methodNotAllowed');
    const call = new InboundCall(this.callDeps(), { serverTx: tx, trunkFlow, ...parties });
    this.calls.add(call);
    return call.upstream;
  }

  private callDeps(): BackToBackDeps {
    const { identity, dialogs, log, media, barrier, ringNumber, announcer } = this.deps;
    return {
      announcer,
      identity,
      layer: this.layer,
      dialogs,
      log,
      media,
      barrier,
      ringNumber,
      onGone: (gone) => this.calls.delete(gone),
    };
  }

  /** International and premium-rate destinations only where the admin allows them (SPEC §3). */
  private refuseBarred(caller: SipNumberWithOwner, e164: string): void {
    if (isPremiumRate(e164) && !caller.premiumAllowed) throw refusal('destinationBarred');
    if (isInternational(e164) && !caller.internationalAllowed) throw refusal('destinationBarred');
  }
}
