/**
 * The transferor's commands: blind transfer, consultation, completing and cancelling. Each
 * REFER is followed through transfer-state.ts; the call's `transfer` field reports it. Done:
 * our leg ends (BYE). Failed: the client is taken off hold and the reason kept in words' terms.
 */
import type { ReferNotifyEvent, SessionLike } from './jssip-types';
import { guarded as guardedBy, type SipLogger } from './logger';
import type { CallEntry, SessionRegistry } from './session-registry';
import type { Timers } from './timers';
import {
  isReferRunning,
  nextTransferState,
  sipfragPbxReason,
  transferTimeoutMs,
  type TransferEvent,
} from './transfer-state';
import type { CallInfo, SipAdapter, TransferInfo, TransferState, TransferTarget } from './types';

export interface TransferDeps {
  registry: SessionRegistry;
  patch(id: string, change: Partial<CallInfo>): void;
  timers: Timers;
  logger: SipLogger;
  /** The SIP URI of a number in our domain (undefined when not signed in). */
  uriOf(number: string): string | undefined;
  /** Places a call as SipAdapter.call does, with extra fields on its CallInfo. */
  placeCall(target: string, extra: Partial<CallInfo>): string;
}

type TransferCommands = Pick<
  SipAdapter,
  'transfer' | 'consult' | 'completeTransfer' | 'cancelTransfer'
> & {
  /** A call ended: stops its transfer and settles the consultation it belonged to. */
  callFinished(entry: CallEntry): void;
};

/** How long after a completed attended transfer the consultation leg may linger. */
const CONSULTATION_GRACE_MS = 5000;

export function createTransferCommands(deps: TransferDeps): TransferCommands {
  const { registry, patch, timers, logger } = deps;
  /** Per call: the REFER that counts (older ones' events are dropped) and its timer. */
  const runs = new Map<string, { run: number; timer?: unknown }>();
  let nextRun = 0;

  const guarded = <T>(action: string, run: () => T) => guardedBy(logger, action, run);

  const stopTimer = (id: string) => {
    const current = runs.get(id);
    if (current?.timer !== undefined) timers.clearTimeout(current.timer);
    if (current) current.timer = undefined;
  };

  const setTransfer = (id: string, transfer: TransferInfo | undefined) => patch(id, { transfer });

  /** Feeds an event of run `run` to the call's transfer and acts on the state reached. */
  const step = (id: string, run: number, event: TransferEvent) => {
    const entry = registry.get(id);
    const transfer = entry?.info.transfer;
    if (!entry || !transfer || runs.get(id)?.run !== run) return;
    const next = nextTransferState(transfer.state, event);
    if (next.state === transfer.state) return;
    logger.log('info', 'transfer', { id, state: next.state, ...next.problem });
    setTransfer(id, {
      ...transfer,
      state: next.state,
      ...(next.problem && { problem: next.problem }),
    });
    arm(id, run, next.state);
    if (next.state === 'done') completed(entry);
    if (next.state === 'failed') backToClient(entry);
  };

  /** (Re)starts the timeout of the state a run is in; none for a final state. */
  const arm = (id: string, run: number, state: TransferState) => {
    stopTimer(id);
    const ms = transferTimeoutMs(state);
    const slot = runs.get(id);
    if (ms !== undefined && slot?.run === run) {
      slot.timer = timers.setTimeout(() => step(id, run, { type: 'timeout' }), ms);
    }
  };

  /** The target answered the transferee: our leg ends, and the consultation after it. */
  const completed = (entry: CallEntry) => {
    entry.transferred = true;
    const session = entry.session;
    if (session) guarded('ending the transferred call', () => session.terminate());
    const consultationId = entry.info.transfer?.consultationId;
    if (consultationId) {
      // The target ends it (its Replaces INVITE took over); end it ourselves if it lingers.
      timers.setTimeout(() => {
        const lingering = registry.get(consultationId)?.session;
        if (lingering) guarded('ending the consultation', () => lingering.terminate());
      }, CONSULTATION_GRACE_MS);
    }
  };

  /** A failed transfer: the consultation (if still up) is held, the client taken off hold. */
  const backToClient = (entry: CallEntry) => {
    const consultation = registry.get(entry.info.transfer?.consultationId ?? '');
    if (consultation) {
      consultation.transferred = false;
      const session = consultation.session;
      if (session && consultation.info.state === 'connected' && !consultation.info.held) {
        guarded('holding the consultation', () => session.hold());
      }
    }
    const session = entry.session;
    if (session && entry.info.held) guarded('taking the client off hold', () => session.unhold());
  };

  /** Sends the REFER (holding the call first when it is not held) for a new run. */
  const refer = (entry: CallEntry, target: TransferTarget, replaces?: CallEntry) => {
    const id = entry.info.id;
    const session = entry.session as SessionLike;
    const run = (nextRun += 1);
    stopTimer(id);
    runs.set(id, { run });
    const uri = deps.uriOf(target.number);
    step(id, run, { type: 'refer-sent' });
    arm(id, run, 'referring');
    if (!uri) return step(id, run, { type: 'refer-rejected' });
    if (replaces) replaces.transferred = true;
    const notify = (event: ReferNotifyEvent) => {
      const line = event.status_line;
      if (!line) return;
      const pbxReason = sipfragPbxReason(event.request?.body);
      step(id, run, {
        type: 'notify',
        status: line.status_code,
        ...(line.reason_phrase ? { reason: line.reason_phrase } : {}),
        ...(pbxReason ? { pbxReason } : {}),
      });
    };
    const send = () => {
      if (runs.get(id)?.run !== run || entry.info.transfer?.state !== 'referring') return;
      const sent = guarded('REFER', () =>
        session.refer(uri, {
          ...(replaces?.session ? { replaces: replaces.session } : {}),
          eventHandlers: {
            requestSucceeded: () => step(id, run, { type: 'refer-accepted' }),
            requestFailed: (event) => {
              const status = event.response?.status_code;
              step(id, run, { type: 'refer-rejected', ...(status ? { status } : {}) });
            },
            trying: notify,
            progress: notify,
            accepted: notify,
            failed: notify,
          },
        }),
      );
      if (!sent) step(id, run, { type: 'refer-rejected' });
    };
    if (entry.info.held) return send();
    const holding = guarded('hold before transfer', () => session.hold({}, send));
    if (!holding) send();
  };

  const connected = (id: string) => {
    const entry = registry.get(id);
    return entry?.session && entry.info.state === 'connected' ? entry : undefined;
  };
  const busy = (entry: CallEntry) => {
    const state = entry.info.transfer?.state;
    return state === 'consulting' || isReferRunning(state);
  };

  const cancelTransfer = (id: string) => {
    const entry = registry.get(id);
    const transfer = entry?.info.transfer;
    if (!entry || !transfer || isReferRunning(transfer.state)) return;
    runs.delete(id);
    setTransfer(id, undefined);
    const consultation = registry.get(transfer.consultationId ?? '');
    if (consultation && transfer.state === 'consulting' && consultation.info.state !== 'ended') {
      patch(consultation.info.id, { consultationFor: undefined });
      const session = consultation.session;
      if (session) guarded('ending the consultation', () => session.terminate());
    }
    const session = entry.session;
    if (session && entry.info.held) guarded('resume after transfer', () => session.unhold());
  };

  return {
    transfer(id, target) {
      const entry = connected(id);
      if (!entry || busy(entry)) return;
      setTransfer(id, { kind: 'blind', target, state: 'referring' });
      refer(entry, target);
    },

    consult(id, target) {
      const entry = connected(id);
      if (!entry || busy(entry)) return undefined;
      runs.delete(id);
      const session = entry.session;
      if (session && !entry.info.held) guarded('hold before consulting', () => session.hold());
      setTransfer(id, { kind: 'attended', target, state: 'consulting' });
      const consultationId = deps.placeCall(target.number, {
        consultationFor: id,
        ...(target.name ? { remoteName: target.name } : {}),
      });
      const transfer = registry.get(id)?.info.transfer;
      if (transfer?.state === 'consulting') setTransfer(id, { ...transfer, consultationId });
      return consultationId;
    },

    completeTransfer(id) {
      const entry = registry.get(id);
      const transfer = entry?.info.transfer;
      if (!entry?.session || transfer?.state !== 'consulting') return;
      const consultation = connected(transfer.consultationId ?? '');
      if (!consultation) return;
      refer(entry, transfer.target, consultation);
    },

    cancelTransfer,

    callFinished(entry) {
      const { id, consultationFor } = entry.info;
      stopTimer(id);
      runs.delete(id);
      const consultationId = entry.info.transfer?.consultationId;
      if (consultationId && registry.get(consultationId)) {
        patch(consultationId, { consultationFor: undefined });
      }
      const client = registry.get(consultationFor ?? '');
      const transfer = client?.info.transfer;
      if (!client || transfer?.state !== 'consulting' || transfer.consultationId !== id) return;
      if (entry.info.endReason === 'hangup-local' || entry.info.endReason === 'cancelled') {
        // The employee hung up the consultation: the transfer is called off.
        cancelTransfer(client.info.id);
        return;
      }
      const { endReason = 'failed', refusal, status } = entry.info;
      const problem = { reason: endReason, ...(refusal && { refusal }), ...(status && { status }) };
      const run = (nextRun += 1);
      runs.set(client.info.id, { run });
      step(client.info.id, run, { type: 'consultation-ended', problem });
    },
  };
}
