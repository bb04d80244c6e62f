import { describe, expect, it } from 'vitest';
import {
  nextTransferState,
  sipfragPbxReason,
  sipfragProblem,
  transferTimeoutMs,
  type TransferEvent,
} from './transfer-state';
import type { TransferState } from './types';

/** Runs events from `start`, giving every state reached. */
function run(start: TransferState, events: TransferEvent[]) {
  let state = start;
  return events.map((event) => {
    const step = nextTransferState(state, event);
    state = step.state;
    return step;
  });
}

const notify = (status: number, reason?: string, pbxReason?: string): TransferEvent => ({
  type: 'notify',
  status,
  ...(reason ? { reason } : {}),
  ...(pbxReason ? { pbxReason } : {}),
});

describe('the transfer state machine', () => {
  it('100, 180, 200: trying, ringing, done', () => {
    const states = run('referring', [
      { type: 'refer-accepted' },
      notify(100, 'Trying'),
      notify(180, 'Ringing'),
      notify(200, 'OK'),
    ]).map((s) => s.state);
    expect(states).toEqual(['trying', 'trying', 'ringing', 'done']);
  });

  it('the 202 alone is not done', () => {
    expect(nextTransferState('referring', { type: 'refer-accepted' })).toEqual({
      state: 'trying',
    });
  });

  it('a NOTIFY before the 202 counts; the late 202 does not step back', () => {
    const states = run('referring', [notify(180, 'Ringing'), { type: 'refer-accepted' }]);
    expect(states.map((s) => s.state)).toEqual(['ringing', 'ringing']);
  });

  it('486: failed as busy', () => {
    expect(nextTransferState('ringing', notify(486, 'Busy Here'))).toEqual({
      state: 'failed',
      problem: { reason: 'busy', status: 486 },
    });
  });

  it('603: failed as declined', () => {
    expect(nextTransferState('ringing', notify(603, 'Decline'))).toEqual({
      state: 'failed',
      problem: { reason: 'declined', status: 603 },
    });
  });

  it('the timeout: failed as timeout', () => {
    expect(nextTransferState('trying', { type: 'timeout' })).toEqual({
      state: 'failed',
      problem: { reason: 'timeout' },
    });
  });

  it('a final state stays: nothing after done or failed changes it', () => {
    expect(nextTransferState('done', notify(486)).state).toBe('done');
    expect(nextTransferState('failed', notify(200)).state).toBe('failed');
    expect(nextTransferState('failed', { type: 'timeout' })).toEqual({ state: 'failed' });
  });

  it('a REFER the other side refuses: not accepted, with its status', () => {
    expect(nextTransferState('referring', { type: 'refer-rejected', status: 405 })).toEqual({
      state: 'failed',
      problem: { reason: 'not-accepted', status: 405 },
    });
  });

  it('consulting: the REFER starts it, the consultation ending fails it', () => {
    expect(nextTransferState('consulting', { type: 'refer-sent' }).state).toBe('referring');
    const problem = { reason: 'busy' as const, status: 486 };
    expect(nextTransferState('consulting', { type: 'consultation-ended', problem })).toEqual({
      state: 'failed',
      problem,
    });
    // Once the REFER is out, the target ending the consultation is the Replaces at work.
    expect(nextTransferState('ringing', { type: 'consultation-ended', problem }).state).toBe(
      'ringing',
    );
  });

  it('times out after 32 s while reaching the target, later once it rings', () => {
    expect(transferTimeoutMs('referring')).toBe(32_000);
    expect(transferTimeoutMs('trying')).toBe(32_000);
    expect(transferTimeoutMs('ringing')).toBe(65_000);
    expect(transferTimeoutMs('done')).toBeUndefined();
    expect(transferTimeoutMs('consulting')).toBeUndefined();
  });
});

describe('why a transfer failed, from the sipfrag', () => {
  it.each([
    [480, 'Employee Absent', { reason: 'refused', refusal: 'employee-absent' }],
    [480, 'Number Disabled', { reason: 'refused', refusal: 'number-disabled' }],
    [480, 'Not Registered', { reason: 'refused', refusal: 'not-registered' }],
    [480, 'No Answer', { reason: 'no-answer', refusal: 'no-answer' }],
    [404, 'Not Found', { reason: 'refused', refusal: 'unknown-number' }],
    [486, 'Busy Here', { reason: 'busy' }],
    [480, 'Temporarily Unavailable', { reason: 'no-answer' }],
    [408, 'Request Timeout', { reason: 'no-answer' }],
    [500, 'Server Error', { reason: 'failed' }],
  ] as const)('%i %s', (status, reason, expected) => {
    expect(sipfragProblem({ status, reason })).toEqual({ ...expected, status });
  });

  it('an X-Pbx-Reason line in the sipfrag wins over the phrase', () => {
    const body = 'SIP/2.0 486 Busy Here\r\nX-Pbx-Reason: channels-full\r\n';
    expect(sipfragPbxReason(body)).toBe('channels-full');
    expect(
      sipfragProblem({ status: 486, reason: 'Busy Here', pbxReason: 'channels-full' }),
    ).toEqual({ reason: 'refused', refusal: 'channels-full', status: 486 });
    expect(sipfragPbxReason('SIP/2.0 486 Busy Here')).toBeUndefined();
  });
});
