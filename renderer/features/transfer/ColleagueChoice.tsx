import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Colleague } from '../../../shared/api';
import { presenceOf } from '../../../shared/presence';
import { useAppStore } from '../../app/services';
import { Presence } from '../colleagues/Presence';
import type { ColleaguesStatus } from './use-colleagues';

export interface ColleagueChoiceProps {
  status: ColleaguesStatus;
  colleagues: Colleague[];
  chosen?: Colleague;
  onChoose(colleague: Colleague): void;
}

/** The colleagues found, as radio buttons: name, SIP number, and their live presence. */
export function ColleagueChoice({ status, colleagues, chosen, onChoose }: ColleagueChoiceProps) {
  const { t } = useTranslation();
  const name = useId();
  // The directory is kept live by the PBX's presence events; the search answer may be older.
  const live = useAppStore((s) => s.directory.colleagues);
  const presence = (c: Colleague) =>
    live.find((entry) => entry.sipNumber === c.sipNumber)?.presence ?? presenceOf(c);
  return (
    <fieldset className="colleagues" aria-busy={status === 'loading'}>
      <legend>{t('transfer.colleagues')}</legend>
      {status === 'loading' && colleagues.length === 0 && (
        <p className="muted small">{t('transfer.loading')}</p>
      )}
      {status === 'unavailable' && <p className="muted small">{t('transfer.unavailable')}</p>}
      {status === 'ready' && colleagues.length === 0 && (
        <p className="muted small">{t('transfer.noneFound')}</p>
      )}
      <ul className="colleague-list">
        {colleagues.map((c) => (
          <li key={c.id}>
            <label>
              <input
                type="radio"
                name={name}
                checked={chosen?.id === c.id}
                onChange={() => onChoose(c)}
              />{' '}
              <span className="party-name">{c.name}</span>{' '}
              <span className="party-number">{c.sipNumber}</span>{' '}
              <Presence presence={presence(c)} />
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
