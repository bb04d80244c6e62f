import type { CallInfo } from '../sip/types';

/** A call as the adapter would report it, for tests. */
export function makeCall(patch: Partial<CallInfo> = {}): CallInfo {
  return {
    id: 'c1',
    direction: 'outgoing',
    state: 'dialing',
    remoteNumber: '0462626',
    line: 1,
    waiting: false,
    muted: false,
    held: false,
    startedAt: 1_000,
    ...patch,
  };
}
