import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRESENCE_STATES } from '../../../shared/presence';
import { Icon } from '../../app/Icon';
import { useAppStore, useServices } from '../../app/services';
import type { DirectoryEntry } from '../../store';
import { placeCall } from '../call/call-actions';
import { Presence } from './Presence';

/** Who can take a call first, then by name. */
const order = (a: DirectoryEntry, b: DirectoryEntry) =>
  PRESENCE_STATES.indexOf(a.presence.state) - PRESENCE_STATES.indexOf(b.presence.state) ||
  a.name.localeCompare(b.name);

/** Matches a part of the name (any case) or of the SIP number. */
const matches = (entry: DirectoryEntry, search: string) => {
  const text = search.trim().toLowerCase();
  return !text || entry.name.toLowerCase().includes(text) || entry.sipNumber.includes(text);
};

/** The colleagues with their presence, searchable, each one click from a call. */
export function Colleagues() {
  const { t } = useTranslation();
  const services = useServices();
  const id = useId();
  const { status, colleagues } = useAppStore((s) => s.directory);
  const [search, setSearch] = useState('');
  const shown = colleagues.filter((c) => matches(c, search)).sort(order);
  return (
    <section className="colleagues-list" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('colleagues.title')}
      </h2>
      <input
        type="search"
        aria-label={t('colleagues.search')}
        placeholder={t('colleagues.search')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {status === 'loading' && colleagues.length === 0 && (
        <p className="muted">{t('colleagues.loading')}</p>
      )}
      {status === 'unavailable' && <p className="muted">{t('colleagues.unavailable')}</p>}
      {status === 'ready' && shown.length === 0 && (
        <p className="muted">{t(search.trim() ? 'colleagues.noneFound' : 'colleagues.none')}</p>
      )}
      <ul className="plain directory">
        {shown.map((c) => (
          <li key={c.id}>
            <div className="directory-main">
              <span className="party-name">{c.name}</span>{' '}
              <span className="muted">{c.sipNumber}</span>
              <div className="small">
                <Presence presence={c.presence} />
              </div>
            </div>
            <button
              type="button"
              className="icon"
              aria-label={t('colleagues.call', { name: c.name })}
              title={t('colleagues.call', { name: c.name })}
              onClick={() => placeCall(services, c.sipNumber)}
            >
              <Icon name="phone" />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
