/** Hand-built messages and a recording Flow for the transaction tests (no parser needed). */
import { vi } from 'vitest';
import { SipHeaders, SipRequest, type SipMessage, type SipResponse } from '../message';
import type { Flow, TransportProtocol } from '../transport/flow';
import type { SipUri } from '../uri';
import { parseMessage } from '../parser';
import { serializeMessage } from '../serializer';
import { createResponse } from './response';
import type { ClientTransaction, ClientTransactionHandler } from './types';

export class FakeFlow implements Flow {
  readonly id: string;
  readonly reliable: boolean;
  readonly localAddress = '192.0.2.1';
  readonly localPort = 5060;
  readonly remoteAddress = '198.51.100.7';
  readonly remotePort = 5062;
  open = true;
  /** Every message handed to send, with the fake clock's time. */
  readonly sent: { at: number; message: SipMessage }[] = [];

  constructor(readonly protocol: TransportProtocol = 'udp') {
    this.reliable = protocol !== 'udp';
    this.id = `${protocol}:198.51.100.7:5062`;
  }

  /** Records what a peer would receive: the message as parsed back from its wire bytes. */
  send(message: SipMessage): boolean {
    if (!this.open) return false;
    this.sent.push({ at: Date.now(), message: parseMessage(serializeMessage(message)) });
    return true;
  }

  /** Times (ms since `since`) at which messages were sent. */
  times(since = 0): number[] {
    return this.sent.map((s) => s.at - since);
  }

  statuses(): (number | string)[] {
    return this.sent.map(({ message: m }) => (m.type === 'response' ? m.status : m.method));
  }

  last(): SipMessage {
    const entry = this.sent.at(-1);
    if (!entry) throw new Error('nothing sent');
    return entry.message;
  }
}

const uri: SipUri = { scheme: 'sip', user: 'bob', host: 'example.com', params: {}, headers: {} };

export interface RequestOptions {
  branch?: string;
  sentBy?: string;
  cseq?: number;
  callId?: string;
  toTag?: string;
  extraVia?: boolean;
  route?: string[];
}

export function makeRequest(method: string, options: RequestOptions = {}): SipRequest {
  const { branch = 'z9hG4bKabc123', sentBy = 'pc33.example.com:5060', cseq = 1 } = options;
  const headers = new SipHeaders();
  headers.append('Via', `SIP/2.0/UDP ${sentBy};branch=${branch}`);
  if (options.extraVia) headers.append('Via', 'SIP/2.0/UDP edge.example.net;branch=z9hG4bKedge');
  if (options.route) headers.set('Route', options.route);
  headers.set('Max-Forwards', '70');
  headers.set('From', '"Alice" <sip:alice@example.com>;tag=1928301774');
  headers.set('To', `<sip:bob@example.com>${options.toTag ? `;tag=${options.toTag}` : ''}`);
  headers.set('Call-ID', options.callId ?? 'a84b4c76e66710@pc33.example.com');
  headers.set('CSeq', `${cseq} ${method}`);
  return new SipRequest(method, uri, headers);
}

/** A response to `request` as the far end would send it. */
export function responseTo(request: SipRequest, status: number, reason = 'Reason'): SipResponse {
  return createResponse(request, status, reason);
}

/** A handler recording every callback. */
export function recordingHandler(): ClientTransactionHandler & {
  responses: SipResponse[];
  timeouts: ClientTransaction[];
  transportErrors: ClientTransaction[];
} {
  const handler = {
    responses: [] as SipResponse[],
    timeouts: [] as ClientTransaction[],
    transportErrors: [] as ClientTransaction[],
    onResponse: vi.fn((response: SipResponse) => void handler.responses.push(response)),
    onTimeout: vi.fn((tx: ClientTransaction) => void handler.timeouts.push(tx)),
    onTransportError: vi.fn((tx: ClientTransaction) => void handler.transportErrors.push(tx)),
  };
  return handler;
}
