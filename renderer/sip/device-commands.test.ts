import { describe, expect, it, vi } from 'vitest';
import { FakeSession, FakeUA } from './fake-jssip';
import { createDeviceCommands } from './device-commands';
import { createSipLogger } from './logger';
import { SessionRegistry } from './session-registry';
import { answeredCall, connectedCall, methods, setupAdapter } from './test-adapter';

/** A microphone track as getUserMedia would give it. */
function fakeTrack(label: string) {
  return { kind: 'audio', label, enabled: true, stop: vi.fn() } as unknown as MediaStreamTrack;
}

/** A peer connection with one audio sender, for `session.connection`. */
function fakeConnection(track: MediaStreamTrack) {
  const sender = {
    track,
    replaceTrack: vi.fn(async (next: MediaStreamTrack) => void (sender.track = next)),
  };
  const stats = new Map([['rtt', { type: 'candidate-pair' }]]) as unknown as RTCStatsReport;
  return {
    sender,
    connection: { getReceivers: () => [], getSenders: () => [sender], getStats: async () => stats },
    stats,
  };
}

/** The adapter's registry and a command set over it with a fake getUserMedia. */
function setup() {
  const registry = new SessionRegistry();
  const opened: MediaStreamConstraints[] = [];
  const tracks: MediaStreamTrack[] = [];
  const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
    opened.push(constraints);
    const track = fakeTrack(`mic ${tracks.length + 1}`);
    tracks.push(track);
    return { getAudioTracks: () => [track] } as unknown as MediaStream;
  });
  const ua = new FakeUA({});
  const commands = createDeviceCommands({
    registry,
    logger: createSipLogger({ write: () => {} }),
    ua: () => ua,
    getUserMedia,
  });
  return { registry, commands, opened, tracks, ua };
}

describe('device commands through the adapter', () => {
  it('declines a call ringing here with 486 Busy Here, so the other devices ring on', () => {
    const kit = setupAdapter();
    const session = kit.ua.incoming({}, { user: '0300003' });
    const id = [...kit.calls.keys()].at(-1) as string;
    kit.adapter.declineHere(id);
    expect(session.calls.at(-1)).toEqual({
      method: 'terminate',
      args: [{ status_code: 486, reason_phrase: 'Busy Here' }],
    });
  });

  it('does not decline-here a call already answered, nor an outgoing one', () => {
    const kit = setupAdapter();
    const incoming = answeredCall(kit, { user: '0300003' });
    kit.adapter.declineHere(incoming.id);
    const outgoing = connectedCall(kit);
    kit.adapter.declineHere(outgoing.id);
    expect(methods(incoming.session)).toEqual(['answer']);
    expect(methods(outgoing.session)).toEqual([]);
  });

  it('registers again when connected; leaves a broken connection to its own recovery', () => {
    const kit = setupAdapter();
    const register = vi.spyOn(kit.ua, 'register');
    kit.adapter.reregister();
    expect(register).not.toHaveBeenCalled();
    kit.ua.connected = true;
    kit.adapter.reregister();
    expect(register).toHaveBeenCalledTimes(1);
  });

  it('the chosen microphone goes into the next calls, dialled or answered', async () => {
    const kit = setupAdapter();
    expect(await kit.adapter.setMicrophone('usb-headset')).toBe(true);
    kit.adapter.call('0200002');
    expect(kit.ua.outgoing.at(-1)?.options).toMatchObject({
      mediaConstraints: { audio: { deviceId: { exact: 'usb-headset' } }, video: false },
    });
    const { session } = answeredCall(kit, { user: '0300003' });
    expect(session.calls[0]?.args[0]).toMatchObject({
      mediaConstraints: { audio: { deviceId: { exact: 'usb-headset' } }, video: false },
    });
    await kit.adapter.setMicrophone(undefined);
    kit.adapter.call('0200004');
    expect(kit.ua.outgoing.at(-1)?.options).toMatchObject({
      mediaConstraints: { audio: true, video: false },
    });
  });
});

describe('switching the microphone during a call', () => {
  it('replaces the track on the sender (no renegotiation), keeps mute, frees the old device', async () => {
    const { registry, commands, opened, tracks } = setup();
    const original = fakeTrack('built-in');
    original.enabled = false;
    const { sender, connection } = fakeConnection(original);
    const entry = registry.add({
      id: 'c1',
      direction: 'outgoing',
      state: 'connected',
      remoteNumber: '0200002',
      line: 1,
      waiting: false,
      muted: true,
      held: false,
      startedAt: 0,
    });
    const session = Object.assign(new FakeSession(), { connection });
    entry.session = session;

    expect(await commands.setMicrophone('usb-headset')).toBe(true);
    expect(opened).toEqual([{ audio: { deviceId: { exact: 'usb-headset' } }, video: false }]);
    expect(sender.replaceTrack).toHaveBeenCalledWith(tracks[0]);
    expect(tracks[0]?.enabled).toBe(false);
    expect(original.stop).toHaveBeenCalled();
    expect(methods(session)).toEqual([]);

    await commands.setMicrophone(undefined);
    expect(opened.at(-1)).toEqual({ audio: true, video: false });
    expect(tracks[0]?.stop).toHaveBeenCalled();
    session.emit('ended', { originator: 'remote', cause: 'Terminated' });
    expect(tracks[1]?.stop).toHaveBeenCalled();
  });

  it('says false when the microphone cannot be opened, and the call keeps its track', async () => {
    const { registry, commands } = setup();
    const original = fakeTrack('built-in');
    const { sender, connection } = fakeConnection(original);
    const entry = registry.add({
      id: 'c1',
      direction: 'incoming',
      state: 'connected',
      remoteNumber: '0200002',
      line: 1,
      waiting: false,
      muted: false,
      held: false,
      startedAt: 0,
    });
    entry.session = Object.assign(new FakeSession(), { connection });
    const failing = createDeviceCommands({
      registry,
      logger: createSipLogger({ write: () => {} }),
      ua: () => undefined,
      getUserMedia: async () => {
        throw new DOMException('gone', 'NotFoundError');
      },
    });
    expect(await failing.setMicrophone('unplugged')).toBe(false);
    expect(sender.track).toBe(original);
    expect(original.stop).not.toHaveBeenCalled();
    expect(await commands.callStats('c1')).toBeDefined();
    expect(await commands.callStats('nope')).toBeUndefined();
  });
});
