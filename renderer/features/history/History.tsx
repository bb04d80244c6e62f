import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../app/use-elapsed';
import { useAppStore, useServices } from '../../app/services';
import type { HistoryEntry } from '../../store';
import { endSentence } from '../call/end-sentence';

const missed = (e: HistoryEntry) => e.direction === 'incoming' && e.durationS === 0;

/** The last calls, newest first, each with a button to call back. */
export function History() {
  const { t, i18n } = useTranslation();
  const { adapter } = useServices();
  const history = useAppStore((s) => s.history);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {history.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <ul>
          {history.map((e) => (
            <li key={e.id} className={missed(e) ? 'missed' : undefined}>
              <div className="history-main">
                <span className="party-name">{e.remoteName ?? e.remoteNumber}</span>
                {e.remoteName && <span className="muted"> {e.remoteNumber}</span>}
                <div className="muted small">
                  {missed(e) ? t('history.missed') : t(`history.${e.direction}`)} ·{' '}
                  {when.format(e.startedAt)} ·{' '}
                  {e.durationS > 0 ? formatDuration(e.durationS) : endSentence(t, e)}
                </div>
              </div>
              <button
                type="button"
                className="icon"
                aria-label={t('history.redial', { number: e.remoteNumber })}
                onClick={() => adapter.call(e.remoteNumber)}
              >
                ↻
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
