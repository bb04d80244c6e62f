/** What a dialog is made from, what it tells its owner, and what it needs from its layer. */
import type { SipRequest } from '../message';
import type { TransactionLayer } from '../transaction';
import type { TimerValues } from '../transaction/timers';
import type { Flow } from '../transport/flow';
import type { SipUri } from '../uri';
import type { Dialog } from './dialog';
import type { IncomingRequest } from './incoming';
import type { Body, Credentials } from './types';

/** Why a dialog ended without its owner ending it. */
export interface DialogEnd {
  /**
   * `bye`: the far end hung up; `ack-timeout`: the PBX's 2xx was never acknowledged (RFC 3261
   * §13.3.1.4; the PBX sent BYE); `session-expired`: no refresh in time (RFC 4028; BYE sent);
   * `peer-gone`: the far end answered the PBX's probe 481, or not at all (BYE sent).
   */
  reason: 'bye' | 'ack-timeout' | 'session-expired' | 'peer-gone';
  request?: SipRequest;
}

export interface DialogEvents {
  /** A re-INVITE or UPDATE with an offer: the owner answers it (without a listener: 488). */
  modify: [incoming: IncomingRequest];
  /** The session was refreshed (either side's re-INVITE or UPDATE succeeded). */
  refresh: [seconds: number];
  refer: [incoming: IncomingRequest];
  info: [incoming: IncomingRequest];
  /** Any other request (NOTIFY, OPTIONS, MESSAGE): without a listener, 200 or 405. */
  request: [incoming: IncomingRequest];
  /** The ACK of the PBX's 2xx to an INVITE arrived. */
  ack: [ack: SipRequest];
  destroy: [end: DialogEnd];
}

/** What a dialog needs from the layer that made it. */
export interface DialogHost {
  readonly transactions: TransactionLayer;
  readonly identity: { via(flow: Flow, branch: string): string };
  readonly timers: TimerValues;
  /** A dialog quiet this long probes its far end with OPTIONS (dead-call detection); 0: never. */
  readonly probeIntervalMs?: number;
  forget(dialog: Dialog): void;
}

export interface DialogInit {
  kind: 'uas' | 'uac';
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From (UAC) or To (UAS) value, with our tag. */
  local: string;
  /** The far end's, with its tag. */
  remote: string;
  /** The far end's user (its From or To URI user). */
  remoteUser?: string;
  remoteTarget: SipUri;
  /** The route set, in the order requests carry it. */
  routeSet: readonly string[];
  flow: Flow;
  contact: string;
  localSeq: number;
  remoteSeq?: number;
  localSdp?: Body;
  /** The methods the far end allows (a refresh is an UPDATE when it allows one). */
  remoteAllows: ReadonlySet<string>;
  credentials?: Credentials;
}
