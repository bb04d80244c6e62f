/** Test-only: a stand-in for the JsSIP module, UA and sessions as plain emitters tests drive. */
import type { JsSipModule, ReferOptions, SessionLike } from './jssip-types';

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
  /** When set, hold() leaves its re-INVITE pending until the test calls `holdDone()`. */
  holdPending = false;
  private holdDoneCallback: (() => void) | undefined;
  hold(_options?: object, done?: () => void) {
    this.record('hold');
    this.emit('hold', { originator: 'local' });
    if (this.holdPending) this.holdDoneCallback = done;
    else done?.();
    return true;
  }
  holdDone() {
    const done = this.holdDoneCallback;
    this.holdDoneCallback = undefined;
    done?.();
  }
  unhold(_options?: object, done?: () => void) {
    this.record('unhold');
    this.emit('unhold', { originator: 'local' });
    done?.();
    return true;
  }
  /** The REFERs sent in this dialog, with what JsSIP would call back. */
  readonly refers: { target: string; options: ReferOptions }[] = [];
  refer(target: string, options: ReferOptions) {
    this.record('refer', target);
    this.refers.push({ target, options });
    return {};
  }
  /** The answer to the last REFER: 202 calls requestSucceeded, anything else requestFailed. */
  referAnswered(status: number) {
    const handlers = this.lastRefer().eventHandlers;
    const response = sipMessage({ status_code: status });
    if (status < 300) handlers.requestSucceeded({ response });
    else handlers.requestFailed({ response, cause: 'Rejected' });
  }
  /** A NOTIFY for the last REFER, dispatched by its sipfrag status as JsSIP's ReferSubscriber does. */
  referNotified(sipfrag: string) {
    const handlers = this.lastRefer().eventHandlers;
    const match = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(sipfrag.split('\r\n', 1)[0] ?? '');
    if (!match) return;
    const status = Number(match[1]);
    const event = {
      request: { body: sipfrag },
      status_line: { status_code: status, reason_phrase: match[2] ?? '' },
    };
    if (status === 100) handlers.trying(event);
    else if (status < 200) handlers.progress(event);
    else if (status < 300) handlers.accepted(event);
    else handlers.failed(event);
  }
  private lastRefer(): ReferOptions {
    const refer = this.refers.at(-1);
    if (!refer) throw new Error('no REFER was sent');
    return refer.options;
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
  /** The other side of `session` sends a REFER to `target`; accepting places the new call. */
  referReceived(session: FakeSession, target: string, referredBy?: string) {
    const outcome: { rejected: boolean; session?: FakeSession; options?: object } = {
      rejected: false,
    };
    const headers: Record<string, string> = referredBy ? { 'referred-by': referredBy } : {};
    session.emit('refer', {
      request: {
        refer_to: { uri: { user: target } },
        getHeader: (name: string) => headers[name.toLowerCase()],
      },
      accept: (init: (next: SessionLike) => void, options: object) => {
        const next = new FakeSession();
        Object.assign(outcome, { session: next, options });
        init(next);
        this.emit('newRTCSession', { originator: 'local', session: next, request: {} });
      },
      reject: () => (outcome.rejected = true),
    });
    return outcome;
  }
  /** An INVITE with Replaces naming `session`'s dialog: JsSIP's 'replaces' on that session. */
  replacesReceived(
    session: FakeSession,
    headers: Record<string, string>,
    from: { name?: string; user: string },
  ) {
    const outcome: { rejected: boolean; session?: FakeSession } = { rejected: false };
    const request = {
      getHeader: (name: string) => headers[name.toLowerCase()],
      from: { display_name: from.name, uri: { user: from.user } },
    };
    session.emit('replaces', {
      request,
      accept: (init: (next: SessionLike) => void) => {
        const next = new FakeSession();
        outcome.session = next;
        init(next);
        this.emit('newRTCSession', { originator: 'remote', session: next, request });
      },
      reject: () => (outcome.rejected = true),
    });
    return outcome;
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
