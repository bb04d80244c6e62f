import { describe, expect, it } from 'vitest';
import type { TrackedCall } from '../routing/dialogs';
import { callView } from './call-view';

const context = { domain: 'pbx.test', now: 5_000, nameOf: () => undefined };
const call = (patch: Partial<TrackedCall>): TrackedCall => ({
  callId: 'c1',
  companyId: 1,
  callerNumber: '0111111',
  calleeNumber: '0222222',
  state: 'early',
  startedAt: 0,
  ...patch,
});

describe('a tracked call as the dialog package shows it (RFC 4235 §3.7.1)', () => {
  it('to its caller: trying, then proceeding, then early; to its callee: early (ringing) at once', () => {
    const states = (patch: Partial<TrackedCall>) => [
      callView(call(patch), '0111111', context).state,
      callView(call(patch), '0222222', context).state,
    ];
    expect(states({ progress: 'trying' })).toEqual(['trying', 'early']);
    expect(states({ progress: 'proceeding' })).toEqual(['proceeding', 'early']);
    expect(states({})).toEqual(['early', 'early']);
    expect(states({ state: 'confirmed' })).toEqual(['confirmed', 'confirmed']);
    expect(callView(call({ progress: 'trying' }), '0111111', context, true).state).toBe(
      'terminated',
    );
  });
});
