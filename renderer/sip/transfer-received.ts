/**
 * Transfers made by the other side. A REFER (we are the transferee): we call the target with
 * the REFER's `Referred-By` (the PBX lets that INVITE take over our line) and the call goes on
 * with the new session once it is answered, or at once if the transferor hangs up first. An
 * INVITE with Replaces naming one of our calls (we are an attended transfer's target): it is
 * answered at once and takes over that call's line.
 */
import { guardSessionIce } from './call-events';
import { incomingCallFields } from './call-mapping';
import type { ReferReceivedEvent, ReplacesReceivedEvent, SessionLike } from './jssip-types';
import { guarded, type SipLogger } from './logger';
import type { CallEntry } from './session-registry';
import type { Timers } from './timers';
import type { CallInfo } from './types';

export interface ReceivedTransferDeps {
  patch(id: string, change: Partial<CallInfo>): void;
  now(): number;
  timers: Timers;
  iceGatheringTimeoutMs: number;
  logger: SipLogger;
  /** Options for a new outgoing session (media, ICE servers). */
  callOptions(): object;
  /** Options for answering. */
  answerOptions(): object;
  /** Follows a session on a call (its events reach the store). */
  track(entry: CallEntry, session: SessionLike): void;
  /** Marks a session the adapter's newRTCSession handler must leave alone. */
  claim(session: SessionLike): void;
}

/** How long the session a transfer replaced may linger before we end it ourselves. */
const REPLACED_GRACE_MS = 10_000;

/** Listens for REFER and Replaces on a call's session; returns the remover. */
export function watchReceivedTransfers(
  entry: CallEntry,
  session: SessionLike,
  deps: ReceivedTransferDeps,
): () => void {
  const id = entry.info.id;
  const party = () => entry.info.remoteName ?? entry.info.remoteNumber;

  /** The call goes on with `next`: the old session is let go (and ended if it lingers). */
  const swap = (next: SessionLike, change: Partial<CallInfo>, oldAlive = true) => {
    if (entry.session !== session || entry.info.state === 'ended') return;
    entry.handOver = undefined;
    entry.detach?.();
    let oldEnded = !oldAlive;
    const markEnded = () => (oldEnded = true);
    session.on('ended', markEnded);
    session.on('failed', markEnded);
    deps.timers.setTimeout(() => {
      if (!oldEnded) guarded(deps.logger, 'ending the replaced session', () => session.terminate());
    }, REPLACED_GRACE_MS);
    deps.patch(id, {
      held: false,
      muted: false,
      referredTo: undefined,
      transferredBy: party(),
      remoteName: undefined,
      connectedAt: undefined,
      ...change,
    });
    deps.track(entry, next);
  };

  const onRefer = (event: ReferReceivedEvent) => {
    const target = event.request.refer_to?.uri?.user ?? '';
    if (entry.info.state !== 'connected' || entry.info.referredTo || !target) {
      event.reject();
      return;
    }
    deps.logger.log('info', 'transfer requested', { id, target });
    deps.patch(id, { referredTo: target });
    const referredBy = event.request.getHeader('Referred-By');
    let unguard = () => {};
    let ringing = false;
    const follow = (next: SessionLike) => {
      deps.claim(next);
      unguard = guardSessionIce(next, deps);
      const outgoing = { direction: 'outgoing' as const, remoteNumber: target };
      const answered = () => {
        unguard();
        next.off('failed', failed);
        swap(next, { ...outgoing, state: 'connected', connectedAt: deps.now() });
      };
      const failed = () => {
        unguard();
        entry.handOver = undefined;
        if (entry.info.state !== 'ended') deps.patch(id, { referredTo: undefined });
        next.off('accepted', answered);
      };
      next.on('progress', () => (ringing = true));
      next.on('accepted', answered);
      next.on('failed', failed);
      // The transferor hung up before the target answered: we go on calling the target.
      entry.handOver = () => {
        next.off('failed', failed);
        next.off('accepted', answered);
        unguard();
        swap(next, { ...outgoing, state: ringing ? 'ringback' : 'dialing' }, false);
      };
    };
    event.accept(follow, {
      ...deps.callOptions(),
      extraHeaders: referredBy ? [`Referred-By: ${referredBy}`] : [],
    });
  };

  const onReplaces = (event: ReplacesReceivedEvent) => {
    if (entry.info.state !== 'connected') {
      event.reject();
      return;
    }
    const fields = incomingCallFields(event.request);
    deps.logger.log('info', 'call replaced', { id, by: fields.remoteNumber });
    const accepted: SessionLike[] = [];
    event.accept((replacing) => {
      deps.claim(replacing);
      accepted.push(replacing);
      // Before JsSIP ends the replaced session (on 'confirmed'), so its end is not ours.
      replacing.on('accepted', () =>
        swap(replacing, {
          direction: 'incoming',
          state: 'connected',
          remoteNumber: fields.remoteNumber,
          ...(fields.remoteName ? { remoteName: fields.remoteName } : {}),
          connectedAt: deps.now(),
        }),
      );
    });
    const [answering] = accepted;
    if (answering) {
      guarded(deps.logger, 'answering the replacing call', () =>
        answering.answer(deps.answerOptions()),
      );
    }
  };

  session.on('refer', onRefer);
  session.on('replaces', onReplaces);
  return () => {
    session.off('refer', onRefer);
    session.off('replaces', onReplaces);
  };
}
