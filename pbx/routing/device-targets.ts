import { isIP } from 'node:net';
import { deviceKind, ProxiedCallMedia } from '../media/call-media';
import { sdpOf } from '../media/sdp-body';
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

/**
 * The bridge for a call between two devices, when there is a bridge: the caller's kind is its
 * offer's, or for an INVITE without SDP (late offer) its transport's.
 */
export function proxiedMedia(
  media: MediaBridge | undefined,
  invite: SipRequest,
  callerFlow: Flow,
): ProxiedCallMedia | undefined {
  if (!media) return undefined;
  const sdp = sdpOf(invite);
  if (invite.body.length > 0 && sdp === undefined) return undefined;
  const kind = sdp === undefined ? deviceKind(callerFlow) : describeSdpKind(sdp);
  if (!kind) return undefined;
  const caller = { tag: invite.fromTag ?? '', kind };
  return new ProxiedCallMedia(media, invite.callId, caller, sdp === undefined);
}
