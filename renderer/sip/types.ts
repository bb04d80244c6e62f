/**
 * The typed face of the SIP adapter: the commands the UI gives, and the events the adapter
 * reports to the store through `SipEventSink` (store actions). JsSIP objects never cross it.
 */
import type { DeviceKind } from '../../shared/devices';
import type { RefusalToken } from '../../shared/refusals';

export type RegistrationStatus =
  'signed-out' | 'connecting' | 'registering' | 'registered' | 'failed';

/** Why registration failed or was lost, in the words the status line shows. */
export type RegistrationProblem =
  | 'wrong-password'
  | 'number-disabled'
  | 'device-limit'
  | 'auth-throttled'
  | 'server-unreachable'
  | 'unknown';

export interface SipAccount {
  /** WebSocket URL of the PBX, e.g. wss://pbx.example.com:8443 or ws://127.0.0.1:8080. */
  server: string;
  /** SIP domain (digest realm); defaults to the server's host name. */
  domain?: string;
  sipNumber: string;
  password: string;
}

export interface SipAdapterConfig {
  account: SipAccount;
  deviceKind: DeviceKind;
  /** Stable per installation: the `+sip.instance` URN (RFC 5626) without `<urn:uuid:>`. */
  instanceId: string;
  iceServers: RTCIceServer[];
  dtmfMethod: 'rfc4733' | 'info';
  /** Longest wait for ICE candidates before the offer/answer is sent (default 500 ms). */
  iceGatheringTimeoutMs?: number;
}

export type CallDirection = 'incoming' | 'outgoing';

export type CallState =
  /** outgoing: INVITE sent, no ringing yet */
  | 'dialing'
  /** outgoing: the callee's phone rings (180/183) */
  | 'ringback'
  /** incoming: ringing here */
  | 'ringing'
  | 'connected'
  | 'ended';

/** Why a call ended, for the history and the sentence the UI shows. */
export type CallEndReason =
  | 'hangup-local'
  | 'hangup-remote'
  | 'cancelled'
  | 'declined'
  | 'busy'
  | 'no-answer'
  | 'answered-elsewhere'
  | 'refused'
  | 'failed';

/** A call as the store keeps it: serialisable data only. */
export interface CallInfo {
  id: string;
  direction: CallDirection;
  state: CallState;
  /** The other party's SIP number or phone number. */
  remoteNumber: string;
  remoteName?: string;
  /** The line it is shown on (1, 2, ...). */
  line: number;
  /** PBX marked it as a waiting call (Alert-Info call-waiting). */
  waiting: boolean;
  muted: boolean;
  held: boolean;
  startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  endReason?: CallEndReason;
  /** `X-Pbx-Reason` of a refusal, turned into words by the UI. */
  refusal?: RefusalToken;
  /** SIP status of a failure, when there was one. */
  status?: number;
  /** Outgoing calls to an outside number: the caller ID the client sees (`X-Caller-ID`). */
  callerIdShown?: string;
}

/** What the adapter tells the store; implemented by store actions. */
export interface SipEventSink {
  registrationChanged(status: RegistrationStatus, problem?: RegistrationProblem): void;
  callAdded(call: CallInfo): void;
  callChanged(id: string, patch: Partial<CallInfo>): void;
  dtmfReceived(id: string, digit: string): void;
}

/** The commands the UI gives. Methods never throw for a call id that is gone. */
export interface SipAdapter {
  start(config: SipAdapterConfig): void;
  stop(): Promise<void>;
  /** Starts an outgoing call to a SIP number or E.164 number; returns the call id. */
  call(target: string): string;
  answer(id: string): void;
  /** Declines an incoming call everywhere (603). */
  decline(id: string): void;
  /** Hangs up, cancels, whatever ends the call from here. */
  hangup(id: string): void;
  setMuted(id: string, muted: boolean): void;
  setHeld(id: string, held: boolean): void;
  /** Sends tones by `method` (the settings may change mid-session), else as configured. */
  sendDtmf(id: string, digits: string, method?: SipAdapterConfig['dtmfMethod']): void;
  /** The remote audio of a call, for the `<audio>` element that plays it. */
  remoteStream(id: string): MediaStream | undefined;
}
