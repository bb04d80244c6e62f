import type { Logger } from './log';
import type { SipMessage } from './sip/message';
import { serializeMessage } from './sip/serializer';
import type { Flow } from './sip/transport/flow';

/** Digest answers are not passwords, but there is no reason to keep them in a trace. */
const CREDENTIALS = /^((?:Proxy-)?Authorization:\s*Digest\s).*$/gim;

/**
 * `--sip-trace`: every message received and sent, as text, at info level (the level the PBX
 * logs at by default, so the option alone shows it), credentials cut out.
 */
export function sipTraceLogger(log: Logger) {
  const trace = log.child({ module: 'sip-trace' });
  return (message: SipMessage, flow: Flow, direction: 'in' | 'out') => {
    const text = serializeMessage(message).toString('utf8').replace(CREDENTIALS, '$1[redacted]');
    trace.info({ event: `sip.${direction}`, direction, flow: flow.id }, text);
  };
}
