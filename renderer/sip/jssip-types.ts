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
  hold(): boolean;
  unhold(): boolean;
  sendDTMF(tones: string, options?: object): void;
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
