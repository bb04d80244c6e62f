/**
 * The SIP thread's scheduling priority (`--nice`). Every SIP message is handled on the PBX's
 * one thread; when other processes share its cores, each datagram the PBX sends wakes its
 * receiver, which may run first on the same core and leave the PBX's next message waiting. A
 * negative niceness lets the PBX's thread go first, as FreeSWITCH's `-hp` and Asterisk's `-p`
 * do for theirs. On Linux niceness belongs to a thread: this sets the calling (main) thread's,
 * and threads it starts later inherit it; V8's garbage-collection helpers keep theirs.
 */
import { setPriority } from 'node:os';

/** Sets the calling thread's niceness; returns a sentence for the log when it cannot. */
export function setSipThreadNice(nice: number): string | undefined {
  try {
    setPriority(nice);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'a negative niceness needs root or the CAP_SYS_NICE capability (systemd: Nice=)'
        : ((error as Error).message ?? String(error));
    return `Cannot set the SIP thread's niceness to ${nice}: ${why}. It runs at the usual priority.`;
  }
}
