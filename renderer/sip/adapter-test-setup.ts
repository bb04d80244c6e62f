/** Test-only: the JsSIP adapter over the fake JsSIP, with a sink that records what it heard. */
import { FakeUA, fakeJsSip } from './fake-jssip';
import { createJsSipAdapter } from './jssip-adapter';
import { createSipLogger } from './logger';
import type { CallInfo, SipAdapterConfig, SipEventSink } from './types';

export const config: SipAdapterConfig = {
  account: { server: 'wss://pbx.example.com:8443', sipNumber: '0100001', password: 'pw-123456' },
  deviceKind: 'softphone-desktop',
  instanceId: '6f1c2a34-9d7e-4b1a-8c2d-0e5f6a7b8c9d',
  iceServers: [{ urls: 'stun:stun.example.com' }],
  dtmfMethod: 'rfc4733',
};

export function recordingSink() {
  const calls = new Map<string, CallInfo>();
  const events: string[] = [];
  const sink: SipEventSink = {
    registrationChanged: (status, problem) => events.push(`reg:${status}:${problem ?? ''}`),
    callAdded: (call) => {
      calls.set(call.id, call);
      events.push(`added:${call.state}`);
    },
    callChanged: (id, patch) => {
      const call = calls.get(id);
      if (!call) throw new Error(`change before add: ${id}`);
      calls.set(id, { ...call, ...patch });
      events.push(`changed:${Object.keys(patch).sort().join(',')}`);
    },
    dtmfReceived: (id, digit) => events.push(`dtmf:${id}:${digit}`),
  };
  return { sink, calls, events };
}

/** An adapter started with `config` (and overrides); its fake UA is `ua`. */
export function adapterUnderTest(now: () => number, overrides: Partial<SipAdapterConfig> = {}) {
  const recorded = recordingSink();
  const adapter = createJsSipAdapter(recorded.sink, {
    JsSIP: fakeJsSip,
    now,
    logger: createSipLogger({ write: () => {} }),
  });
  adapter.start({ ...config, ...overrides });
  const ua = FakeUA.last as FakeUA;
  return { ...recorded, adapter, ua };
}
