import type { Logger } from 'pino';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { TransactionLayer } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import type { TransportLayer } from '../sip/transport/transport-layer';
import type { LocalIdentity } from './local-identity';
import type { ProxyCallOptions } from './proxy-call';
import type { StatelessForwarder } from './stateless';

/** What every proxied request (a call, an in-dialog request) is sent with. */
export interface ProxyDeps {
  identity: LocalIdentity;
  transport: TransportLayer;
  transactions: TransactionLayer;
  forwarder: StatelessForwarder;
  barrier: FaultBarrier;
  /** Where proxied calls log their branches' events (`branch.timeout`). */
  log?: Logger;
}

/** Options of a ProxyCall whose request came in on `inbound`. */
export function proxyOptions(
  deps: ProxyDeps,
  inbound: Flow,
  recordRoute: boolean,
): ProxyCallOptions {
  return {
    transactions: deps.transactions,
    identity: deps.identity,
    recordRoute,
    inboundToken: deps.transport.tokenOf(inbound),
    hooks: { relayStateless: (response) => void deps.forwarder.sendUpstream(response) },
    barrier: deps.barrier,
    log: deps.log,
  };
}
