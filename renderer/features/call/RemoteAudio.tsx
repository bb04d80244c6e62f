import { useEffect, useRef } from 'react';
import { useServices } from '../../app/services';
import type { CallInfo } from '../../sip/types';
import { useAudioOutput } from '../settings/use-audio-output';

/**
 * Plays a call's remote audio; asks the adapter again as the call's state changes, and when a
 * transfer hands the call to a new session (a new party, a new connection time).
 */
export function RemoteAudio({ call }: { call: CallInfo }) {
  const { adapter } = useServices();
  const ref = useRef<HTMLAudioElement>(null);
  useAudioOutput(ref, 'speaker');
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    const stream = adapter.remoteStream(call.id) ?? null;
    if (audio.srcObject !== stream) audio.srcObject = stream;
  }, [adapter, call.id, call.state, call.remoteNumber, call.connectedAt]);
  return <audio ref={ref} autoPlay data-testid={`remote-audio-${call.id}`} hidden />;
}
