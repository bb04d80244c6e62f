import { isIP } from 'node:net';
import { ProxiedCallMedia } from '../media/call-media';
import type { MediaBridge } from '../media/media-bridge';
import { describeSdpKind } from '../media/sdp-kind';
import type { Binding } from '../registrar/bindings';
import type { SipRequest } from '../sip/message';
import type { Flow } from '../sip/transport/flow';
import type { TransportLayer } from '../sip/transport/transport-layer';
import type { ForkTarget } from './proxy-call';

/** The fork target of a registered device: where its branch goes and what it is. */
export function deviceTarget(binding: Binding, transport: TransportLayer): ForkTarget {
  const flow = flowToDevice(binding, transport);
  return {
    uri: binding.contact,
    flow,
    token: transport.tokenOf(flow),
    device: [binding.deviceKind, binding.userAgent].filter(Boolean).join(' '),
    bindingKey: binding.key,
  };
}

/**
 * Connection-oriented devices are reached through their connection (RFC 5626, RFC 7118); a
 * plain TCP/TLS phone whose connection closed, through a connection to its Contact (RFC 3261
 * §18.1.1). A UDP device is reached at its Contact when the Contact names the address it
 * registered from (a phone on a LAN, or a registration made for another port); behind NAT,
 * where the Contact names another address, at the address the REGISTER came from.
 */
function flowToDevice(binding: Binding, transport: TransportLayer): Flow {
  const { flow, contact } = binding;
  if (flow.reliable && !flow.open && binding.outlivesFlow) {
    const protocol = flow.protocol === 'tls' ? 'tls' : 'tcp';
    const host = contact.host.replace(/^\[|\]$/g, '');
    const address = isIP(host) ? host : flow.remoteAddress;
    return transport.connectionTo(protocol, address, contact.port ?? defaultPort(protocol));
  }
  if (flow.reliable || contact.host !== flow.remoteAddress) return flow;
  if ((contact.params.transport ?? 'udp').toLowerCase() !== 'udp') return flow;
  return transport.flowToUri(contact) ?? flow;
}

function defaultPort(protocol: 'tcp' | 'tls'): number {
  return protocol === 'tls' ? 5061 : 5060;
}

/** The bridge for a call between two devices, when there is a bridge and an SDP offer. */
export function proxiedMedia(
  media: MediaBridge | undefined,
  invite: SipRequest,
): ProxiedCallMedia | undefined {
  if (!media || invite.body.length === 0) return undefined;
  const kind = describeSdpKind(invite.body.toString('utf8'));
  if (!kind) return undefined;
  return new ProxiedCallMedia(media, invite.callId, { tag: invite.fromTag ?? '', kind });
}
