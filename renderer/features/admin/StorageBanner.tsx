import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorageStatus } from '../../../shared/api';
import { ApiRequestError } from '../../api';
import { useAdminApi } from './use-admin-api';

/** How often the Admin tab asks whether the PBX can save changes. */
export const STORAGE_CHECK_MS = 30_000;

/**
 * A banner while the PBX cannot save changes (its disk full, its database gone: issue 20), so
 * the admin knows why changes are refused and that calls go on. Silent when the PBX cannot be
 * asked at all: other screens say that.
 */
export function StorageBanner({ everyMs = STORAGE_CHECK_MS }: { everyMs?: number }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const [problem, setProblem] = useState<StorageStatus['problem']>(null);
  useEffect(() => {
    let live = true;
    const check = () =>
      api.storageStatus().then(
        (status) => live && setProblem(status.problem),
        (error: unknown) => {
          // The question itself refused: the session's sliding expiry could not be saved.
          const refused = error instanceof ApiRequestError && error.code === 'unavailable';
          if (live && refused) setProblem('unavailable');
        },
      );
    void check();
    const timer = setInterval(() => void check(), everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, everyMs]);
  if (!problem) return null;
  return (
    <p className="warning storage-banner" role="alert">
      {t(`admin.storage.${problem}`)}
    </p>
  );
}
