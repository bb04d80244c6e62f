import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ScreenBoundary } from '../../app/ScreenBoundary';
import { useAppStore, useServices } from '../../app/services';
import { selectCalls, selectSelectedCall } from '../../store';
import { DismissWhenShown } from '../call/CallEnded';
import { CallView } from '../call/CallView';
import { RemoteAudio } from '../call/RemoteAudio';
import { WaitingNotice } from '../call/WaitingNotice';
import { Dialer } from '../dialer/Dialer';
import { useCallKeys } from '../call/use-call-keys';
import { useRingSound } from './use-ring-sound';

/**
 * The calls in progress: waiting calls, the shown call, its audio, and a new call. The screens
 * fail on their own (ScreenBoundary); the audio elements sit outside it and play on.
 */
export function Lines() {
  const { t } = useTranslation();
  const { adapter } = useServices();
  const calls = useAppStore(useShallow(selectCalls));
  const selected = useAppStore(selectSelectedCall);
  const [dialer, setDialer] = useState(false);
  useRingSound(calls);
  useCallKeys();
  if (!selected) return null;
  const waiting = calls.filter((c) => c.id !== selected.id && c.state === 'ringing');
  return (
    <div className="lines">
      <ScreenBoundary
        screen="call"
        resetKey={selected.id}
        wayBack={{ label: t('call.hangup'), run: () => adapter.hangup(selected.id) }}
      >
        {waiting.map((c) => (
          <WaitingNotice key={c.id} call={c} />
        ))}
        <CallView key={selected.id} call={selected} />
        {selected.state === 'connected' && (
          <div className="new-call">
            <button type="button" aria-expanded={dialer} onClick={() => setDialer(!dialer)}>
              {t('call.newCall')}
            </button>
            {dialer && <Dialer onDialled={() => setDialer(false)} />}
          </div>
        )}
      </ScreenBoundary>
      {calls.map((c) =>
        c.state === 'ended' ? (
          <DismissWhenShown key={c.id} id={c.id} />
        ) : (
          <RemoteAudio key={c.id} call={c} />
        ),
      )}
    </div>
  );
}
