import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { AnnouncementRecordings } from './AnnouncementRecordings';
import { useAdminApi } from './use-admin-api';
import { useResource } from './use-resource';

/**
 * Announcements (SPEC §3): the language refused callers hear them in, and a warning when this
 * PBX cannot play them (no media bridge); below it, each recording, the admin's own or the shipped
 * one (`AnnouncementRecordings`).
 */
export function AnnouncementSettings() {
  const { t } = useTranslation();
  const api = useAdminApi();
  const company = useResource(() => api.company(), 'company');
  const recordings = useResource(() => api.announcements(), 'announcements');
  const [language, setLanguage] = useState<'ru' | 'en' | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({});
  const current = language ?? company.data?.announcementLanguage;
  if (!current) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setBusy(true);
    try {
      await api.updateCompany({ announcementLanguage: current });
      errors.clear();
      setSaved(true);
      company.reload();
    } catch (error) {
      errors.fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form
        className="announcements"
        onSubmit={submit}
        noValidate
        aria-label={t('announcements.title')}
      >
        <h3>{t('announcements.title')}</h3>
        <p className="muted small">{t('announcements.explain')}</p>
        {recordings.data?.playable === false && (
          <p className="note warning" role="note">
            {t('announcements.needBridge')}
          </p>
        )}
        <Field label={t('announcements.language')}>
          {(p) => (
            <select
              {...p}
              value={current}
              onChange={(e) => setLanguage(e.target.value === 'en' ? 'en' : 'ru')}
            >
              <option value="ru">{t('announcements.russian')}</option>
              <option value="en">{t('announcements.english')}</option>
            </select>
          )}
        </Field>
        <FormError message={errors.form} />
        {saved && (
          <p className="note" role="status">
            {t('announcements.saved')}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('announcements.save')}
          </button>
        </div>
      </form>
      {recordings.data && (
        <AnnouncementRecordings slots={recordings.data.slots} onChanged={recordings.reload} />
      )}
    </>
  );
}
