/** How the dialog layer's messages go out: requests in transactions, a 2xx again until its ACK. */
import type { SipRequest, SipResponse } from '../message';
import { refusal, refusalResponse } from '../sip-error';
import type { ClientTransaction, TransactionLayer } from '../transaction';
import type { TimerValues } from '../transaction/timers';
import type { Flow } from '../transport/flow';
import type { Guard } from './types';

/**
 * Sends a request in a client transaction of its own. Every outcome is a response: a timeout is
 * a 408 and a closed flow a 503, made up here, so the sender handles one kind of event.
 */
export function sendRequest(
  transactions: TransactionLayer,
  request: SipRequest,
  flow: Flow,
  onResponse: (response: SipResponse) => void,
): ClientTransaction {
  return transactions.sendRequest(request, flow, {
    onResponse,
    onTimeout: () => onResponse(refusalResponse(request, refusal('requestTimeout'))),
    onTransportError: () => onResponse(refusalResponse(request, refusal('serviceUnavailable'))),
  });
}

/**
 * RFC 3261 §13.3.1.4: a UAS's 2xx to an INVITE goes again over an unreliable flow, T1 doubling
 * to T2, until the ACK arrives; after 64·T1 without one, `giveUp` (the session is over). Returns
 * the stop, for the ACK.
 */
export function repeatUntilAck(
  flow: Flow,
  ok: SipResponse,
  timers: TimerValues,
  guard: Guard,
  giveUp: () => void,
): () => void {
  const { T1, T2 } = timers;
  let retransmit: NodeJS.Timeout | undefined;
  const again = (interval: number) => {
    retransmit = setTimeout(
      () =>
        guard('2xx retransmission', () => {
          flow.send(ok);
          again(Math.min(2 * interval, T2));
        }),
      interval,
    );
  };
  if (!flow.reliable) again(T1);
  const deadline = setTimeout(
    () =>
      guard('2xx never acknowledged', () => {
        clearTimeout(retransmit);
        giveUp();
      }),
    64 * T1,
  );
  return () => {
    clearTimeout(retransmit);
    clearTimeout(deadline);
  };
}
