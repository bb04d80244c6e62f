/**
 * The typed face of the SIP adapter: the commands the UI gives, and the events the adapter
 * reports to the store through `SipEventSink` (store actions). JsSIP objects never cross it.
 */
import type { DeviceKind } from '../../shared/devices';
import type { PbxReasonToken } from './pbx-reason';

export type RegistrationStatus =
  'signed-out' | 'connecting' | 'registering' | 'registered' | 'failed';

/** Why registration failed or was lost, in the words the status line shows. */
export type RegistrationProblem =
  | 'wrong-password'
  | 'number-disabled'
  | 'device-limit'
  | 'auth-throttled'
  | 'company-suspended'
  /** The PBX dropped this device (its WebSocket closed with the reason; shared/device-drop). */
  | 'password-changed'
  | 'device-removed'
  | 'number-removed'
  /** Another device took this one's place ("Use here instead", newest wins): it stays off. */
  | 'taken-over'
  /**
   * The device credential this browser kept signed in with was refused: revoked (the device
   * dropped, the number disabled, the password changed). Back to sign-in.
   */
  | 'device-sign-in-ended'
  /** Lost the PBX after being connected: JsSIP reconnects. */
  | 'server-unreachable'
  /** Never reached a PBX at the address signed in with: stopped, back to sign-in. */
  | 'server-not-found'
  | 'unknown';

export interface SipAccount {
  /** WebSocket URL of the PBX, e.g. wss://pbx.example.com:8443 or ws://127.0.0.1:8080. */
  server: string;
  /** SIP domain (digest realm); defaults to the server's host name. */
  domain?: string;
  sipNumber: string;
  /** The SIP password, or the device credential's secret (with `authorizationUser`). */
  password: string;
  /** A digest user name other than the number: the device credential's (issue 23 item 6). */
  authorizationUser?: string;
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
  /** The microphone's `deviceId`; the system default when absent (or unplugged). */
  microphoneId?: string;
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
  | 'failed'
  /** Handed to someone else by a transfer (ours, or a colleague's that replaced this call). */
  | 'transferred';

/** Why a call failed when no SIP status says it, from JsSIP's cause. */
export type CallFailure = 'media' | 'microphone' | 'connection' | 'lost' | 'redirected';

/** A colleague or number a call is transferred to; the name is for the screen only. */
export interface TransferTarget {
  number: string;
  name?: string;
}

/**
 * Where a transfer of this call stands (see transfer-state.ts): consulting the target on
 * another line (attended), the REFER sent, the target being called, ringing, done, failed.
 */
export type TransferState = 'consulting' | 'referring' | 'trying' | 'ringing' | 'done' | 'failed';

/** Why a transfer failed: what the target's end said, or that no answer came in time. */
export interface TransferProblem {
  reason: CallEndReason | 'timeout' | 'not-accepted';
  refusal?: PbxReasonToken;
  status?: number;
}

export interface TransferInfo {
  kind: 'blind' | 'attended';
  target: TransferTarget;
  state: TransferState;
  /** Attended: the consultation call with the target. */
  consultationId?: string;
  problem?: TransferProblem;
}

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
  /** We put the call on hold. */
  held: boolean;
  /** The other side put us on hold. */
  heldByRemote?: boolean;
  startedAt: number;
  connectedAt?: number;
  endedAt?: number;
  endReason?: CallEndReason;
  /** `X-Pbx-Reason` of a refusal, turned into words by the UI. */
  refusal?: PbxReasonToken;
  /** SIP status (≥ 300) of a failure, when there was one; shown in words, never as a number. */
  status?: number;
  /** What failed when no status says it (JsSIP's cause): the media, the microphone, the line. */
  failure?: CallFailure;
  /** Outgoing calls to an outside number: the caller ID the client sees (`X-Caller-ID`). */
  callerIdShown?: string;
  /** Our transfer of this call, while and after it runs. */
  transfer?: TransferInfo;
  /** A consultation call: the id of the call being transferred to this party. */
  consultationFor?: string;
  /** Who handed this call to us (a colleague's transfer), as a name or number. */
  transferredBy?: string;
  /** The other side is transferring us (REFER received) to this number. */
  referredTo?: string;
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
  /**
   * Blind transfer (REFER): holds the call, asks the other side to call `target`, and ends our
   * leg only once the target answered (final 2xx sipfrag); on failure unholds it.
   */
  transfer(id: string, target: TransferTarget): void;
  /** Attended transfer, step 1: holds the call and calls `target` on another line. */
  consult(id: string, target: TransferTarget): string | undefined;
  /** Attended transfer, step 2: REFER with Replaces naming the consultation call. */
  completeTransfer(id: string): void;
  /** Ends the consultation (if any) and takes the call off hold. */
  cancelTransfer(id: string): void;
  /** The remote audio of a call, for the `<audio>` element that plays it. */
  remoteStream(id: string): MediaStream | undefined;
  /** Registers again now (woken up, network back), not when the registration expires. */
  reregister(): void;
  /**
   * Starts again with the account signed in with (a new user agent, a new registration): "Use
   * here instead" after a take-over, which stopped the old one. Nothing when never started.
   */
  restart(): void;
  /** Declines a call ringing here on this device only (486): the number's others ring on. */
  declineHere(id: string): void;
  /**
   * The microphone for the next calls, switched in the calls in progress without
   * renegotiation (replaceTrack); undefined is the system default. False if a call kept its own.
   */
  setMicrophone(deviceId: string | undefined): Promise<boolean>;
  /** The WebRTC statistics of a call's connection (quality indicator); undefined without one. */
  callStats(id: string): Promise<RTCStatsReport | undefined>;
}
