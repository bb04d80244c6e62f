/**
 * A message may fail; the process may not (docs/architecture.md: the fault barrier). Barriers
 * sit where work starts: each received message (transport), each timer of a transaction, each
 * call's asynchronous chain. What one catches is logged once, on one line, and counted.
 */
import type { Logger } from 'pino';

/** Counters of the running PBX (`pbx.stats`), read by tests, the fuzzer and monitoring. */
export interface PbxStats {
  /** Messages received (keep-alives aside). */
  received: number;
  /** Messages that failed to parse. */
  malformed: number;
  /** Malformed requests answered with 400. */
  answeredBadRequest: number;
  /** Malformed messages that could not be answered. */
  dropped: number;
  /** Faults a barrier caught: the message or the call failed, the process went on. */
  faults: number;
  /** Responses that matched no transaction and were dropped. */
  strayResponses: number;
  /** 2xx to an INVITE of a known dialog, forwarded without a transaction (RFC 3261 §16.7). */
  late2xxForwarded: number;
  /** Calls ended because a fault hit them. */
  callsEndedByFault: number;
  /** Messages that arrived while the PBX was starting, beyond what it holds until then. */
  droppedAtStart: number;
  /** Messages sent to a WebSocket client as binary frames, not being valid UTF-8 (RFC 7118). */
  wsBinaryFrames: number;
  /** Requests answered 503 because their address had too many transactions or dialogs open. */
  overAddressLimit: number;
}

export function createStats(): PbxStats {
  return {
    received: 0,
    malformed: 0,
    answeredBadRequest: 0,
    dropped: 0,
    faults: 0,
    strayResponses: 0,
    late2xxForwarded: 0,
    callsEndedByFault: 0,
    droppedAtStart: 0,
    overAddressLimit: 0,
    wsBinaryFrames: 0,
  };
}

/** Where a fault happened, as far as it is known. */
export interface FaultContext {
  /** The flow the message came on. */
  flow?: string;
  callId?: string;
  /** "1 INVITE". */
  cseq?: string;
  /** What was running: a timer, a call's chain. */
  in?: string;
}

export class FaultBarrier {
  constructor(
    readonly stats: PbxStats,
    private readonly log?: Logger,
  ) {}

  /** A fault a barrier caught: logged on one line (no stack), counted. */
  caught(error: unknown, context: FaultContext): void {
    this.stats.faults++;
    this.log?.error({ event: 'fault', ...context, error: describeError(error) }, 'fault');
  }

  /** Runs `work`; a throw is caught (see `caught`) and reported as false. */
  guard(work: () => void, context: () => FaultContext): boolean {
    try {
      work();
      return true;
    } catch (error) {
      this.caught(error, context());
      return false;
    }
  }
}

/** Requests whose fault was already answered (by their server transaction, with 500). */
const answered = new WeakSet<object>();

/** The request's transaction has answered the fault: the transport must not answer again. */
export function markFaultAnswered(request: object): void {
  answered.add(request);
}

export function faultAnswered(request: object): boolean {
  return answered.has(request);
}

/** "TypeError: x is not a function (at file.ts:12:5)": the message and where, on one line. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const where = error.stack
    ?.split('\n')
    .find((line) => line.trimStart().startsWith('at '))
    ?.trim()
    .slice(3);
  const text = `${error.name}: ${error.message}`.slice(0, 200);
  return where ? `${text} (at ${where.slice(0, 200)})` : text;
}
