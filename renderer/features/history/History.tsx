import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/Icon';
import { formatDuration } from '../../app/use-elapsed';
import { useAppStore, useServices } from '../../app/services';
import { isMissed, nameOf } from '../../store';
import { placeCall } from '../call/call-actions';
import { endSentence } from '../call/end-sentence';

/** The last calls, newest first, with names; each one click from calling back. */
export function History() {
  const { t, i18n } = useTranslation();
  const services = useServices();
  const id = useId();
  const history = useAppStore((s) => s.history);
  const directory = useAppStore((s) => s.directory);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  const callBack = (number: string) => {
    services.store.getState().missedSeen();
    placeCall(services, number);
  };
  return (
    <section className="history" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('history.title')}
      </h2>
      {history.length === 0 ? (
        <p className="muted">{t('history.empty')}</p>
      ) : (
        <ul>
          {history.map((e) => {
            const name = e.remoteName ?? nameOf({ directory }, e.remoteNumber);
            const missed = isMissed(e);
            return (
              <li key={e.id} className={missed ? 'missed' : undefined}>
                <div className="history-main">
                  <span className="party-name">{name ?? e.remoteNumber}</span>
                  {name && <span className="muted"> {e.remoteNumber}</span>}
                  <div className="muted small">
                    {missed ? t('history.missed') : t(`history.${e.direction}`)} ·{' '}
                    {when.format(e.startedAt)} ·{' '}
                    {e.durationS > 0 ? formatDuration(e.durationS) : endSentence(t, e)}
                  </div>
                </div>
                <button
                  type="button"
                  className={missed ? 'icon primary' : 'icon'}
                  aria-label={t('history.redial', { number: e.remoteNumber })}
                  title={t('history.callBack', { name: name ?? e.remoteNumber })}
                  onClick={() => callBack(e.remoteNumber)}
                >
                  <Icon name="phone" />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
