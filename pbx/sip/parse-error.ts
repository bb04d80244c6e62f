import type { SipHeaders } from './sip-headers';

/** What could be learnt from a message that failed to parse, enough to build a 400. */
export interface ParseFailure {
  /** Short phrase fit for a 400 reason phrase ("Missing Call-ID"). */
  reason: string;
  isRequest: boolean;
  method?: string;
  /**
   * Raw headers read, present only for requests other than ACK (only those get a 400).
   * Via is left out when any Via value does not parse, since a response could not be routed.
   */
  headers?: SipHeaders;
}

/** The only error the SIP parsers throw. */
export class SipParseError extends Error {
  readonly failure: ParseFailure;

  constructor(reason: string, partial?: Partial<ParseFailure>) {
    // Malformed input is an answer (400) or a drop, not a fault: no stack trace to capture.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(reason);
    Error.stackTraceLimit = limit;
    this.name = 'SipParseError';
    this.failure = { isRequest: false, ...partial, reason };
  }
}
