/** A flow for unit tests: named by the test, recording what is sent through it. */
import type { SipMessage } from '../message';
import type { Flow, TransportProtocol } from './flow';

export class TestFlow implements Flow {
  readonly reliable: boolean;
  readonly localAddress = '192.0.2.1';
  readonly localPort = 5060;
  readonly remotePort = 5062;
  open = true;
  readonly sent: SipMessage[] = [];

  constructor(
    readonly id: string,
    readonly protocol: TransportProtocol = 'udp',
    readonly remoteAddress = '198.51.100.7',
  ) {
    this.reliable = protocol !== 'udp';
  }

  send(message: SipMessage): boolean {
    if (!this.open) return false;
    this.sent.push(message);
    return true;
  }
}
