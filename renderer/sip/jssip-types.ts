/**
 * The slices of JsSIP's UA and RTCSession the adapter uses, typed here so the adapter and its
 * tests do not lean on JsSIP's typings of Node's EventEmitter.
 */
import type JsSIP from 'jssip';

export type JsSipModule = typeof JsSIP;

type Listener = (event: never) => void;

export interface Emitter {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

/** A SIP message as JsSIP hands it over in events. */
export interface SipMessageLike {
  status_code?: number;
  reason_phrase?: string;
  method?: string;
  getHeader(name: string): string | undefined;
}

export interface RegistrationFailedEvent {
  cause?: string;
  response?: SipMessageLike | null;
}

export interface EndEvent {
  originator: 'local' | 'remote' | 'system';
  cause: string;
  message?: SipMessageLike | null;
}

export interface SessionLike extends Emitter {
  readonly connection?: { getReceivers(): { track: MediaStreamTrack | null }[] } | null;
  answer(options: object): void;
  terminate(options?: object): void;
  mute(options?: { audio?: boolean }): void;
  unmute(options?: { audio?: boolean }): void;
  /** `done` runs once the re-INVITE succeeded; false when JsSIP cannot hold now. */
  hold(options?: object, done?: () => void): boolean;
  unhold(options?: object, done?: () => void): boolean;
  sendDTMF(tones: string, options?: object): void;
  /** Sends a REFER in the dialog; `replaces` (another session) makes it an attended transfer. */
  refer(target: string, options: ReferOptions): unknown;
}

/** What a NOTIFY of a REFER subscription carries (JsSIP ReferSubscriber events). */
export interface ReferNotifyEvent {
  request?: { body?: string | null } | null;
  status_line?: { status_code: number; reason_phrase?: string } | null;
}

export interface ReferOptions {
  replaces?: SessionLike;
  extraHeaders?: string[];
  eventHandlers: {
    /** The REFER's own 2xx (202): only that the other side will try. */
    requestSucceeded(event: { response?: SipMessageLike | null }): void;
    requestFailed(event: { response?: SipMessageLike | null; cause?: string }): void;
    trying(event: ReferNotifyEvent): void;
    progress(event: ReferNotifyEvent): void;
    accepted(event: ReferNotifyEvent): void;
    failed(event: ReferNotifyEvent): void;
  };
}

/** The 'refer' event of a session: the other side asks us to call someone (RFC 3515). */
export interface ReferReceivedEvent {
  request: SipMessageLike & { refer_to?: { uri?: { user?: string | null } | null } | null };
  accept(initCallback: (session: SessionLike) => void, options: object): void;
  reject(): void;
}

/** The 'replaces' event: an INVITE with Replaces names this session's dialog (RFC 3891). */
export interface ReplacesReceivedEvent {
  request: SipMessageLike & {
    from?: { display_name?: string | null; uri?: { user?: string | null } | null } | null;
  };
  accept(initCallback: (session: SessionLike) => void): void;
  reject(): void;
}

export interface UaLike extends Emitter {
  start(): void;
  stop(): void;
  register(): void;
  isConnected(): boolean;
  isRegistered(): boolean;
  call(target: string, options: object): SessionLike;
  registrator(): { setExtraHeaders(headers: string[]): void };
}
