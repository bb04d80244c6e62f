import { useEffect } from 'react';
import { lineAnnouncement } from '../../app/announcements';
import { useAppStore, useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { ringSound } from './line-slots';

/**
 * The one sound for ringing calls: the ringtone on an idle device, the spoken announcement of
 * the call's line (UI language, quiet, over the call) on a device in a call. It stops when the
 * call is answered, declined or cancelled, and starts again for the next ringing call.
 */
export function useRingSound(calls: readonly CallInfo[]): void {
  const { tones } = useServices();
  const language = useAppStore((s) => s.settings.language);
  const sound = ringSound(calls);
  const kind = sound?.kind;
  const callId = sound?.callId;
  const line = calls.find((call) => call.id === callId)?.line ?? 2;
  useEffect(() => {
    if (!kind || !callId) return undefined;
    return kind === 'ringtone'
      ? tones.play('ringtone')
      : tones.announce(lineAnnouncement(line, language));
  }, [tones, kind, callId, line, language]);
}
