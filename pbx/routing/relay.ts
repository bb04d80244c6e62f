import { parseVia } from '../sip/headers';
import type { SipRequest, SipResponse } from '../sip/message';
import type { Flow } from '../sip/transport/flow';
import type { TransportLayer } from '../sip/transport/transport-layer';
import { parseUri, type SipUri } from '../sip/uri';
import { newBranch, type LocalIdentity } from './local-identity';
import { copyRequest, dropTopVia } from './message-copy';

/**
 * Stateless forwarding: responses that outlived their transaction (a retransmitted 2xx)
 * and the ACK for a 2xx, which has no transaction of its own (RFC 3261 §16.11, §17.1.1.3).
 */
export class StatelessRelay {
  constructor(
    private readonly transport: TransportLayer,
    private readonly identity: LocalIdentity,
  ) {}

  /** Sends a response on to the next Via, if the top Via is the PBX's own. */
  relayResponse(response: SipResponse): void {
    const vias = response.headers.getAll('via');
    if (vias.length < 2) return;
    const ours = parseVia(vias[0] ?? '');
    if (ours.host !== this.identity.host) return;
    const forward = dropTopVia(response);
    const flow = this.transport.flowByToken(ours.params.pbxf) ?? this.flowToVia(vias[1] ?? '');
    flow?.send(forward);
  }

  /** Forwards a request statelessly on `flow`, with a Via of the PBX on top. */
  forwardRequest(request: SipRequest, flow: Flow): void {
    const forward = copyRequest(request);
    forward.headers.prepend('via', this.identity.via(flow, newBranch()));
    flow.send(forward);
  }

  /** The flow to the sender of a Via: `received` and `rport` first (RFC 3581 §4). */
  private flowToVia(value: string): Flow | undefined {
    const via = parseVia(value);
    const host = via.params.received ?? via.host;
    const port = Number(via.params.rport ?? via.port ?? 5060);
    const uri: SipUri = parseUri(
      `sip:${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`,
    );
    uri.params.transport = via.transport.toLowerCase();
    return this.transport.flowToUri(uri);
  }
}
