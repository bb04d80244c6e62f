import { dictionary } from '../sip/dictionary';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { Via } from '../sip/headers';
import type { SipRequest, SipResponse } from '../sip/message';
import type { Flow } from '../sip/transport/flow';
import type { TransportLayer } from '../sip/transport/transport-layer';
import type { SipUri } from '../sip/uri';
import type { DialogTracker } from './dialogs';
import { newBranch, type LocalIdentity } from './local-identity';
import { copyRequest, dropTopVia } from './message-copy';
import { removeDeviceIdentity } from './trusted-identity';

/**
 * What the PBX forwards without a transaction (RFC 3261 §16.11): the ACK for a 2xx, and a 2xx
 * to an INVITE of a dialog it knows that outlived its transaction (§16.7, a retransmission).
 * Any other response without a transaction is dropped and counted: the PBX relays no
 * stranger's response (it would be a reflector anyone could use).
 */
export class StatelessForwarder {
  constructor(
    private readonly transport: TransportLayer,
    private readonly identity: LocalIdentity,
    private readonly dialogs: DialogTracker,
    private readonly barrier: FaultBarrier,
  ) {}

  /** A response that matched no client transaction. */
  strayResponse(response: SipResponse): void {
    const ours = response.topVia;
    const late2xx =
      response.status >= 200 &&
      response.status < 300 &&
      response.cseq?.method === 'INVITE' &&
      ours !== undefined &&
      ours.host === this.identity.host &&
      this.dialogs.knows(response.callId);
    if (late2xx) {
      removeDeviceIdentity(response);
      const byToken = this.transport.flowByToken(ours.params.pbxf);
      if (this.sendUpstream(dropTopVia(response), byToken)) {
        this.barrier.stats.late2xxForwarded++;
        return;
      }
    }
    this.barrier.stats.strayResponses++;
  }

  /**
   * Sends a response whose PBX Via is already gone to the element of its top Via: on `flow`
   * when known, else to the Via's `received`/`rport` (RFC 3581 §4). False when there is no way.
   */
  sendUpstream(response: SipResponse, flow?: Flow): boolean {
    const target = flow ?? this.flowToVia(response.topVia);
    return target?.send(response) ?? false;
  }

  /** Forwards a request statelessly on `flow`, with a Via of the PBX on top. */
  forwardRequest(request: SipRequest, flow: Flow): void {
    const forward = copyRequest(request);
    forward.headers.prepend('via', this.identity.via(flow, newBranch()));
    flow.send(forward);
  }

  private flowToVia(via: Via | undefined): Flow | undefined {
    if (!via) return undefined;
    const host = via.received ?? via.host;
    const params = dictionary<string | null>();
    params.transport = via.transport.toLowerCase();
    const uri: SipUri = {
      scheme: 'sip',
      host: host.includes(':') && !host.startsWith('[') ? `[${host}]` : host,
      port: via.rport ?? via.port ?? 5060,
      params,
      headers: dictionary(),
    };
    return this.transport.flowToUri(uri);
  }
}
