import { randomToken } from '../sip/random-token';
import type { Flow, TransportProtocol } from '../sip/transport/flow';
import type { SipUri } from '../sip/uri';

export interface ListeningPorts {
  udp?: number;
  tcp?: number;
  tls?: number;
  ws?: number;
  wss?: number;
}

/**
 * Who the PBX is on the wire: the host it advertises in Via and Record-Route, its SIP domain,
 * and the ports of each transport. Decides whether a URI names the PBX itself.
 */
export class LocalIdentity {
  private readonly hosts: Set<string>;

  constructor(
    readonly host: string,
    readonly domain: string,
    /** Known once the PBX listens (`listening`): a port may be chosen by the OS. */
    private ports: ListeningPorts = {},
    extraHosts: readonly string[] = [],
  ) {
    this.hosts = new Set([host, domain, ...extraHosts].map((h) => h.toLowerCase()));
  }

  /** The ports the PBX listens on, once its sockets are bound (before any message is read). */
  listening(ports: ListeningPorts): void {
    this.ports = { ...ports };
  }

  portFor(protocol: TransportProtocol): number {
    return this.ports[protocol] ?? this.ports.udp ?? 5060;
  }

  /** True when a URI addresses the PBX: its host or domain, on one of its ports (or none). */
  isLocal(uri: SipUri): boolean {
    if (!this.hosts.has(uri.host.toLowerCase())) return false;
    if (uri.port === undefined) return true;
    return Object.values(this.ports).includes(uri.port);
  }

  /** True for the bare domain or PBX address, with no user: a request to the PBX itself. */
  isSelf(uri: SipUri): boolean {
    return !uri.user && this.isLocal(uri);
  }

  /** A Via value for a request the PBX sends on `flow`, naming the flow a reply returns on. */
  via(outbound: Flow, branch: string, inboundToken?: string): string {
    const token = inboundToken ? `;pbxf=${inboundToken}` : '';
    return `SIP/2.0/${outbound.protocol.toUpperCase()} ${this.host}:${this.portFor(outbound.protocol)};branch=${branch};rport${token}`;
  }

  /** A Record-Route entry for the side of the PBX that faces `flow`. */
  recordRoute(flow: Flow, token?: string): string {
    const user = token ? `${token}@` : '';
    const transport = flow.protocol === 'udp' ? '' : `;transport=${flow.protocol}`;
    return `<sip:${user}${this.host}:${this.portFor(flow.protocol)}${transport};lr>`;
  }
}

/** A fresh RFC 3261 branch (magic cookie + 16 random bytes). */
export function newBranch(): string {
  return `z9hG4bK${randomToken(12).replace(/[-_]/g, 'x')}`;
}
