/** Builds the refusal announcer of a PBX that has a media bridge (docs: Announcements). */
import type { Logger } from 'pino';
import type { AnnouncementLanguage } from '../../shared/announcement-texts';
import type { Directory } from '../directory';
import type { Announcements } from './announcements';
import type { MediaBridge } from './media-bridge';
import { RefusalAnnouncer } from './refusal-announcer';

/** A company that has not chosen says its announcements in Russian, the product's language. */
export const DEFAULT_ANNOUNCEMENT_LANGUAGE: AnnouncementLanguage = 'ru';

export function refusalAnnouncer(
  bridge: MediaBridge,
  directory: Directory,
  announcements: Announcements,
  log?: Logger,
): RefusalAnnouncer {
  return new RefusalAnnouncer({
    bridge,
    announcements,
    log,
    languageOf: (companyId) =>
      directory.companies.get(companyId)?.announcementLanguage ?? DEFAULT_ANNOUNCEMENT_LANGUAGE,
    returnOf: (sipNumber) => {
      const number = directory.sipNumbers.get(sipNumber);
      return number && directory.absences.current(number.employeeId, Date.now())?.to;
    },
  });
}
