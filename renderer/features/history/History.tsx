import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../app/use-elapsed';
import { useAppStore, useServices } from '../../app/services';
import type { HistoryEntry } from '../../store';
import { placeCall } from '../call/call-actions';
import { endSentence } from '../call/end-sentence';

/** Rang here and nobody answered: not a call another device of the number took. */
const missed = (e: HistoryEntry) =>
  e.direction === 'incoming' && e.durationS === 0 && e.endReason !== 'answered-elsewhere';

/** The last calls, newest first, each with a button to call back. */
export function History() {
  const { t, i18n } = useTranslation();
  const services = useServices();
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
                onClick={() => placeCall(services, e.remoteNumber)}
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
