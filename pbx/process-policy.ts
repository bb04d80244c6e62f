/**
 * The process policy (issue 18). The barriers (docs/architecture.md: the fault barrier) catch
 * what a message or a call throws and keep the PBX up; an exception that escapes all of them
 * (`uncaughtException`, `unhandledRejection`) means a bug outside every barrier, after which no
 * state can be trusted. It is logged with its context and the process exits with status 1, to be
 * restarted by the service manager (README: the systemd unit, `Restart=always`).
 */
import type { Logger } from './log';
import { describeError } from './sip/fault-barrier';

/** What the policy needs of `process` (a test passes its own). */
export interface PolicyProcess {
  on(event: 'uncaughtException', listener: (error: unknown, origin?: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  exit(code: number): void;
}

export function installProcessPolicy(log: Logger, proc: PolicyProcess = process): void {
  const exit = (kind: string, error: unknown) => {
    const stack = error instanceof Error ? error.stack : undefined;
    log.fatal({ event: 'fault', kind, error: describeError(error), stack }, 'fatal: exiting');
    proc.exit(1);
  };
  proc.on('uncaughtException', (error, origin) => exit(origin ?? 'uncaughtException', error));
  proc.on('unhandledRejection', (reason) => exit('unhandledRejection', reason));
}
