/** What a proxied request (ProxyCall) is given: its targets, its upstream, its options. */
import type { Logger } from 'pino';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { SipRequest, SipResponse } from '../sip/message';
import type { TransactionLayer } from '../sip/transaction';
import type { Flow } from '../sip/transport/flow';
import type { SipUri } from '../sip/uri';
import type { CallMedia } from './dialogs';
import type { LocalIdentity } from './local-identity';
import type { ReliableProvisionals } from './reliable-provisionals';

/** Where one branch goes: the URI to put in the Request-URI and the flow to send on. */
export interface ForkTarget {
  uri: SipUri;
  flow: Flow;
  /** Flow token of the target's connection, for the Record-Route entry facing it. */
  token?: string;
  /** What the branch is, for call records ("softphone-web JsSIP 3.13.8"). */
  device?: string;
  /** The binding the branch goes to, when it is a registered device. */
  bindingKey?: string;
  /** Headers for this branch only (a waiting-call mark for the device already in a call). */
  headers?: Record<string, string>;
}

/**
 * Where a proxied request came from and where its responses go: a server transaction, or the
 * PBX itself when it places the employee's side of a back-to-back call (`contactFor` set).
 */
export interface Upstream {
  readonly request: SipRequest;
  readonly flow: Flow;
  readonly cancelled: boolean;
  onCancel?: () => void;
  /** Passes a response up, with the branch it came from; false when it could not be sent. */
  respond(response: SipResponse, from?: ForkTarget): boolean;
  /**
   * The PBX's own Contact toward a branch, when the PBX is the caller: it then stays off the
   * dialog's route (no Record-Route), because it is an end of the dialog.
   */
  contactFor?(flow: Flow): string;
  /** The caller's own bridging of the branches (a back-to-back call anchors its media). */
  media?: BranchMedia & CallMedia;
}

/**
 * The SDP rewriting of a call whose media goes through the media bridge (docs/architecture.md:
 * Media bridge): each branch's offer for its device, each branch's answer for the caller.
 */
export interface BranchMedia {
  /** Rewrites a branch's request body in place; rejects when the bridge cannot serve it. */
  offer(request: SipRequest, target: ForkTarget, branchId: string): Promise<void>;
  /** Rewrites the SDP of a branch's response in place, before it goes upstream. */
  answer(response: SipResponse, target: ForkTarget, branchId: string): Promise<void>;
  /** A branch ended without answering: what the bridge holds for it can go. */
  dropBranch(target: ForkTarget, branchId: string): void;
}

export interface ProxyCallHooks {
  /** Called with each provisional response of a branch (100 included), until the final one. */
  onProvisional?(response: SipResponse): void;
  /** Called with the first 2xx and the branch that sent it. */
  onAnswered?(response: SipResponse, target: ForkTarget): void;
  /** Called once with the final response sent upstream (not for later extra 2xx). */
  onFinal?(response: SipResponse): void;
  /** A 2xx that arrived after the server transaction ended, to be relayed without state. */
  relayStateless(response: SipResponse): void;
  /** The call ended on a fault (its own work threw): what the router holds for it goes. */
  onFault?(): void;
}

export interface ProxyCallOptions {
  transactions: TransactionLayer;
  identity: LocalIdentity;
  /** Add the two Record-Route entries (dialog-creating requests). */
  recordRoute: boolean;
  /** Flow token of the upstream connection, if any. */
  inboundToken?: string;
  ringTimeoutMs?: number;
  /** The refusal sent when ringing times out. */
  timeoutResponse?: (request: SipRequest) => SipResponse;
  /** Set when the call's media goes through the bridge. */
  media?: BranchMedia;
  /** Set when the caller requires 100rel: the PBX is the reliable end toward it for devices without. */
  reliable?: ReliableProvisionals;
  hooks: ProxyCallHooks;
  /** Where a fault of this call is reported (logged once, counted). */
  barrier?: FaultBarrier;
  log?: Logger;
}
