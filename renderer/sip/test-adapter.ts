/** Test-only: the JsSIP adapter over the fake JsSIP, with a sink that records what it hears. */
import { FakeUA, fakeJsSip, type FakeSession } from './fake-jssip';
import { createJsSipAdapter } from './jssip-adapter';
import { createSipLogger } from './logger';
import type { CallInfo, SipAdapterConfig, SipEventSink } from './types';

export const testConfig: SipAdapterConfig = {
  account: { server: 'wss://pbx.example.com:8443', sipNumber: '0100001', password: 'pw-123456' },
  deviceKind: 'softphone-desktop',
  instanceId: '6f1c2a34-9d7e-4b1a-8c2d-0e5f6a7b8c9d',
  iceServers: [{ urls: 'stun:stun.example.com' }],
  dtmfMethod: 'rfc4733',
};

/** The adapter signed in, the fake UA it made, and the calls as the store would hold them. */
export function setupAdapter() {
  const calls = new Map<string, CallInfo>();
  const sink: SipEventSink = {
    registrationChanged: () => {},
    callAdded: (call) => calls.set(call.id, call),
    callChanged: (id, patch) => {
      const call = calls.get(id);
      if (!call) throw new Error(`change before add: ${id}`);
      calls.set(id, { ...call, ...patch });
    },
    dtmfReceived: () => {},
  };
  const adapter = createJsSipAdapter(sink, {
    JsSIP: fakeJsSip,
    logger: createSipLogger({ write: () => {} }),
  });
  adapter.start(testConfig);
  const ua = FakeUA.last as FakeUA;
  const call = (id: string) => calls.get(id) as CallInfo;
  return { adapter, ua, calls, call };
}

/** Dials `number` and lets it be answered: the call id and its session. */
export function connectedCall(kit: ReturnType<typeof setupAdapter>, number = '0200002') {
  const id = kit.adapter.call(number);
  const session = kit.ua.outgoing.at(-1)?.session as FakeSession;
  session.emit('accepted', { originator: 'remote' });
  session.emit('confirmed', { originator: 'local' });
  return { id, session };
}

/** An incoming call answered here: the call id and its session. */
export function answeredCall(
  kit: ReturnType<typeof setupAdapter>,
  from: { name?: string; user: string },
  headers: Record<string, string> = {},
) {
  const session = kit.ua.incoming(headers, from);
  const id = [...kit.calls.keys()].at(-1) as string;
  kit.adapter.answer(id);
  session.emit('accepted', { originator: 'local' });
  return { id, session };
}

/** What the session was asked to do, by method name. */
export const methods = (session: FakeSession) => session.calls.map((c) => c.method);

/** The session's BYE, as JsSIP reports it. */
export function byeFrom(session: FakeSession, originator: 'local' | 'remote') {
  session.emit('ended', { originator, cause: 'Terminated', message: null });
}
