/** The SIP transaction layer (RFC 3261 §17 with RFC 6026 Accepted states). */
export { TransactionLayer } from './layer';
export type { TransactionLayerOptions } from './layer';
export { createResponse } from './response';
export { DEFAULT_TIMERS } from './timers';
export type { TimerValues } from './timers';
export type {
  ClientTransaction,
  ClientTransactionHandler,
  ServerTransaction,
  TransactionState,
} from './types';
