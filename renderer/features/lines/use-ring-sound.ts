import { useEffect } from 'react';
import { SECOND_LINE_ANNOUNCEMENT } from '../../app/announcements';
import { useAppStore, useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { ringSound } from './line-slots';

/**
 * The one sound for ringing calls: the ringtone on an idle device, the spoken second-line
 * announcement (UI language, quiet, over the call) on a device in a call. It stops when the
 * call is answered, declined or cancelled, and starts again for the next ringing call.
 */
export function useRingSound(calls: readonly CallInfo[]): void {
  const { tones } = useServices();
  const language = useAppStore((s) => s.settings.language);
  const sound = ringSound(calls);
  const kind = sound?.kind;
  const callId = sound?.callId;
  useEffect(() => {
    if (!kind || !callId) return undefined;
    return kind === 'ringtone'
      ? tones.play('ringtone')
      : tones.announce(SECOND_LINE_ANNOUNCEMENT[language]);
  }, [tones, kind, callId, language]);
}
