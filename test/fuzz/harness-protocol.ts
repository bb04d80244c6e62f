/** The messages between the fuzzer and the harness process that runs the PBX under test. */

export interface HarnessConfig {
  domain: string;
  /** The fake carrier's UDP port on 127.0.0.1: the PBX's trunk. */
  carrierPort: number;
  /** rtpengine's ng address, when one runs. */
  rtpengine?: { host: string; port: number };
  employees: number;
  /** Company numbers, each ringing one of the first employees. */
  companyNumbers: number;
  /** Every employee's password (test data). */
  password: string;
  /** Where a crash is written synchronously. */
  crashFile: string;
  logLevel: 'silent' | 'fatal' | 'error' | 'warn' | 'info' | 'debug';
}

export interface HarnessReady {
  type: 'ready';
  sip: number;
  http: number;
  /** SIP numbers, in creation order. */
  employees: string[];
  companyNumbers: { number: string; employee: string }[];
}

export interface HarnessStatus {
  type: 'status';
  rss: number;
  /** The JS heap in use (after a GC when the status asked for one): a leak shows here first. */
  heapUsed: number;
  /** The size of every Map, Set and array the PBX keeps (`tables.ts`), by property path. */
  tables: Record<string, number>;
  /** CPU time of the PBX's process so far (user + system), in seconds. */
  cpu: number;
  /** The PBX's `stats.faults`, once it exposes one. */
  faults?: number;
  received: number;
  malformed: number;
  uncaught: number;
  unhandled: number;
}

export interface HarnessFault {
  type: 'fault';
  kind: 'uncaughtException' | 'unhandledRejection';
  origin: string;
  name: string;
  message: string;
  stack: string;
}

export type HarnessMessage = HarnessReady | HarnessStatus | HarnessFault;
