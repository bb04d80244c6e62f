import { describe, expect, it } from 'vitest';
import type { TrackedCall } from '../routing/dialogs';
import { callView } from './call-view';
import { colleagueState } from './colleague-state';

const call = (over: Partial<TrackedCall>): TrackedCall => ({
  callId: 'c1',
  companyId: 1,
  callerNumber: '0111111',
  calleeNumber: '0222222',
  state: 'early',
  startedAt: 0,
  ...over,
});
const absence = {
  id: 1,
  companyId: 1,
  employeeId: 2,
  from: 0,
  to: Date.parse('2030-03-14T18:00:00Z'),
};
const facts = { sipNumber: '0222222', calls: [], absence: undefined, registered: true };

describe('a colleague state', () => {
  it('puts a call first, then do-not-disturb, then absence, then the devices', () => {
    expect(colleagueState({ ...facts, calls: [call({})], dnd: true })).toEqual({
      state: 'ringing',
    });
    expect(colleagueState({ ...facts, sipNumber: '0111111', calls: [call({})] })).toEqual({
      state: 'on-call',
    });
    expect(colleagueState({ ...facts, dnd: true, absence: absence as never })).toEqual({
      state: 'dnd',
    });
    expect(colleagueState({ ...facts, registered: false, absence: absence as never })).toEqual({
      state: 'absent',
      until: '2030-03-14T18:00:00.000Z',
    });
    expect(colleagueState(facts)).toEqual({ state: 'free' });
    expect(colleagueState({ ...facts, registered: false })).toEqual({ state: 'offline' });
  });

  it('is on hold only while every answered call is held, by either side', () => {
    const held = call({ state: 'confirmed', heldBy: ['0111111'] });
    const talking = call({ callId: 'c2', state: 'confirmed', callerNumber: '0333333' });
    expect(colleagueState({ ...facts, calls: [held] })).toEqual({ state: 'on-hold' });
    expect(colleagueState({ ...facts, calls: [held, talking] })).toEqual({ state: 'on-call' });
  });
});

const context = { domain: 'pbx.test', now: 5_000, nameOf: () => undefined };

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
