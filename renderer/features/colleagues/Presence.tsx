import { useTranslation } from 'react-i18next';
import type { Presence as PresenceData } from '../../../shared/presence';

/** A colleague's state: a coloured dot and its words ("absent until 14 March"). */
export function Presence({ presence }: { presence: PresenceData }) {
  const { t, i18n } = useTranslation();
  const until =
    presence.state === 'absent' && presence.until && !Number.isNaN(Date.parse(presence.until))
      ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
          new Date(presence.until),
        )
      : undefined;
  return (
    <span className={`presence presence-${presence.state}`}>
      <span className="presence-dot" aria-hidden="true" />
      {until ? t('presence.absentUntil', { until }) : t(`presence.${presence.state}`)}
    </span>
  );
}
