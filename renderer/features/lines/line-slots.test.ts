import { describe, expect, it } from 'vitest';
import { makeCall } from '../../store/test-calls';
import { lineSlots, linesFull, ringSound } from './line-slots';

const connected = makeCall({ id: 'a', state: 'connected', line: 1 });
const waiting = makeCall({
  id: 'b',
  direction: 'incoming',
  state: 'ringing',
  line: 2,
  waiting: true,
});

describe('lineSlots', () => {
  it('shows as many lines as channels, each free or with its call', () => {
    expect(lineSlots([], 1)).toEqual([{ line: 1 }]);
    expect(lineSlots([], 3)).toEqual([{ line: 1 }, { line: 2 }, { line: 3 }]);
    expect(lineSlots([waiting], 3)).toEqual([{ line: 1 }, { line: 2, call: waiting }, { line: 3 }]);
  });

  it('without the channel count, only the lines in use; a call above the count still shows', () => {
    expect(lineSlots([], undefined)).toEqual([]);
    expect(lineSlots([connected, waiting], undefined).map((s) => s.line)).toEqual([1, 2]);
    expect(lineSlots([waiting], 1).map((s) => [s.line, s.call?.id])).toEqual([
      [1, undefined],
      [2, 'b'],
    ]);
  });

  it('a live call wins over an ended one still shown on the same line', () => {
    const ended = makeCall({ id: 'old', state: 'ended', line: 1 });
    expect(lineSlots([ended, connected], 2)[0]?.call?.id).toBe('a');
    expect(lineSlots([connected, ended], 2)[0]?.call?.id).toBe('a');
  });
});

describe('linesFull', () => {
  it('counts calls in progress against the channels; unknown channels never block', () => {
    const ended = makeCall({ id: 'old', state: 'ended', line: 2 });
    expect(linesFull([connected], 1)).toBe(true);
    expect(linesFull([connected], 2)).toBe(false);
    expect(linesFull([connected, ended], 2)).toBe(false);
    expect(linesFull([connected, waiting], 2)).toBe(true);
    expect(linesFull([connected, waiting], undefined)).toBe(false);
  });
});

describe('ringSound', () => {
  it('rings in full on an idle device, even for a call the PBX marked waiting', () => {
    expect(ringSound([waiting])).toEqual({ kind: 'ringtone', callId: 'b' });
    expect(ringSound([makeCall({ id: 'old', state: 'ended' }), waiting])?.kind).toBe('ringtone');
  });

  it('announces a ringing call on a device in a call (connected, held or dialling)', () => {
    expect(ringSound([connected, waiting])).toEqual({ kind: 'announcement', callId: 'b' });
    const held = { ...connected, held: true };
    expect(ringSound([held, waiting])?.kind).toBe('announcement');
    expect(ringSound([makeCall({ state: 'ringback' }), waiting])?.kind).toBe('announcement');
  });

  it('is silent with nothing ringing', () => {
    expect(ringSound([])).toBeUndefined();
    expect(ringSound([connected])).toBeUndefined();
  });
});
