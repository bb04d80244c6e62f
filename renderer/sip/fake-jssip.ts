/** Test-only: a stand-in for the JsSIP module, UA and sessions as plain emitters tests drive. */
import type { JsSipModule } from './jssip-types';

type Listener = (event: never) => void;

export class FakeEmitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  on(event: string, listener: Listener) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(listener);
    return this;
  }
  off(event: string, listener: Listener) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  emit(event: string, payload: unknown = {}) {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload as never);
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.size ?? 0;
  }
}

export class FakeSession extends FakeEmitter {
  readonly calls: { method: string; args: unknown[] }[] = [];
  connection: { getReceivers(): { track: MediaStreamTrack | null }[] } | null = null;
  private record(method: string, ...args: unknown[]) {
    this.calls.push({ method, args });
  }
  answer(options: object) {
    this.record('answer', options);
  }
  terminate(options?: object) {
    this.record('terminate', options);
  }
  mute(options?: object) {
    this.record('mute', options);
    this.emit('muted', options);
  }
  unmute(options?: object) {
    this.record('unmute', options);
    this.emit('unmuted', options);
  }
  hold() {
    this.record('hold');
    this.emit('hold', { originator: 'local' });
    return true;
  }
  unhold() {
    this.record('unhold');
    this.emit('unhold', { originator: 'local' });
    return true;
  }
  sendDTMF(tones: string, options?: object) {
    this.record('sendDTMF', tones, options);
  }
}

export class FakeUA extends FakeEmitter {
  static last: FakeUA | undefined;
  readonly registratorHeaders: string[][] = [];
  readonly outgoing: { target: string; options: object; session: FakeSession }[] = [];
  started = false;
  stopped = false;
  connected = false;
  registered = false;
  constructor(readonly configuration: Record<string, unknown>) {
    super();
    FakeUA.last = this;
  }
  registrator() {
    return { setExtraHeaders: (headers: string[]) => this.registratorHeaders.push(headers) };
  }
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
  }
  register() {}
  isConnected() {
    return this.connected;
  }
  isRegistered() {
    return this.registered;
  }
  call(target: string, options: object) {
    const session = new FakeSession();
    this.outgoing.push({ target, options, session });
    // JsSIP announces its own outgoing session synchronously, inside call().
    this.emit('newRTCSession', { originator: 'local', session, request: {} });
    return session;
  }
  /** An INVITE arrives: JsSIP's 'newRTCSession' with originator remote. */
  incoming(headers: Record<string, string>, from: { name?: string; user: string }) {
    const session = new FakeSession();
    const request = {
      getHeader: (name: string) => headers[name.toLowerCase()],
      from: { display_name: from.name, uri: { user: from.user } },
    };
    this.emit('newRTCSession', { originator: 'remote', session, request });
    return session;
  }
}

export class FakeWebSocketInterface {
  constructor(readonly url: string) {
    if (!/^wss?:\/\//.test(url)) throw new TypeError('Invalid argument');
  }
}

export const fakeJsSip = {
  UA: FakeUA,
  WebSocketInterface: FakeWebSocketInterface,
  C: { DTMF_TRANSPORT: { INFO: 'INFO', RFC2833: 'RFC2833' } },
} as unknown as JsSipModule;

/** A response or request as JsSIP puts it in 'failed'/'ended'/'registrationFailed' events. */
export function sipMessage(
  fields: { status_code?: number; method?: string },
  headers: Record<string, string> = {},
) {
  return { ...fields, getHeader: (name: string) => headers[name.toLowerCase()] };
}
