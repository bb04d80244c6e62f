import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, useServices } from '../../app/services';
import { selectCalls, selectSelectedCall } from '../../store';
import { CallView } from '../call/CallView';
import { RemoteAudio } from '../call/RemoteAudio';
import { WaitingNotice } from '../call/WaitingNotice';

/** The calls in progress: line tabs when there are several, the selected call, waiting calls. */
export function Lines() {
  const { t } = useTranslation();
  const { store } = useServices();
  const calls = useAppStore(useShallow(selectCalls));
  const selected = useAppStore(selectSelectedCall);
  if (!selected) return null;
  const waiting = calls.filter((c) => c.id !== selected.id && c.state === 'ringing');
  return (
    <div className="lines">
      {calls.length > 1 && (
        <nav className="line-tabs" aria-label={t('call.lines')}>
          {calls.map((c) => (
            <button
              key={c.id}
              type="button"
              aria-pressed={c.id === selected.id}
              onClick={() => store.getState().selectLine(c.id)}
            >
              {t('call.line', { line: c.line })} · {c.remoteName ?? c.remoteNumber}
            </button>
          ))}
        </nav>
      )}
      {waiting.map((c) => (
        <WaitingNotice key={c.id} call={c} />
      ))}
      <CallView key={selected.id} call={selected} />
      {calls
        .filter((c) => c.state !== 'ended')
        .map((c) => (
          <RemoteAudio key={c.id} call={c} />
        ))}
    </div>
  );
}
