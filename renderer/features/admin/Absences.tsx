import { useId, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Absence } from '../../../shared/api';
import { useAppStore } from '../../app/services';
import { errorSentence } from '../forms/error-text';
import { AbsenceForm } from './AbsenceForm';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

export interface AbsencesProps {
  employeeId: number;
  /** The start input of the form, focused when the admin chooses an absence over "off". */
  startRef: RefObject<HTMLInputElement | null>;
}

/** The employee's absence periods (sick leave, vacation): list, add, delete; live. */
export function Absences({ employeeId, startRef }: AbsencesProps) {
  const { t, i18n } = useTranslation();
  const api = useAdminApi();
  const id = useId();
  const changes = useAppStore((s) => s.admin.changes.absences[employeeId] ?? 0);
  const absences = useResource(() => api.listAbsences(employeeId), String(changes));
  const [error, setError] = useState<string>();
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const period = (a: Absence) =>
    t('absences.period', { from: when.format(new Date(a.from)), to: when.format(new Date(a.to)) });

  const problem =
    error ?? (absences.error !== undefined ? errorSentence(t, absences.error) : undefined);

  const remove = async (absence: Absence) => {
    try {
      await api.deleteAbsence(employeeId, absence.id);
      setError(undefined);
      absences.reload();
    } catch (e) {
      setError(errorSentence(t, e));
    }
  };

  return (
    <section className="absences" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('absences.title')}</h3>
      <p className="muted small">{t('absences.why')}</p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {absences.data?.length === 0 && <p className="muted">{t('absences.none')}</p>}
      {absences.data && absences.data.length > 0 && (
        <ul className="plain">
          {absences.data.map((a) => (
            <li key={a.id}>
              <span>
                {period(a)}
                {a.reason && ` · ${a.reason}`}
                {' · '}
                {a.forwardTo
                  ? t('absences.forwardTo', { name: a.forwardTo.name })
                  : t('absences.noForward')}
              </span>
              <button
                type="button"
                aria-label={t('absences.deleteNamed', { period: period(a) })}
                onClick={() => void remove(a)}
              >
                {t('absences.delete')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <AbsenceForm employeeId={employeeId} startRef={startRef} onAdded={absences.reload} />
    </section>
  );
}
