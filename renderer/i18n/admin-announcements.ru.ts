import type { adminAnnouncementsEn } from './admin-announcements.en';

/** Раздел «Голосовые сообщения» вкладки администратора (задача 22, пункт 4). */
export const adminAnnouncementsRu: typeof adminAnnouncementsEn = {
  announcements: {
    title: 'Голосовые сообщения',
    explain:
      'Звонящий, которому отказано, потому что сотрудник отсутствует (с датой возвращения), номер отключён, все линии заняты или сотрудник не отвечает, слышит причину до конца вызова.',
    language: 'Язык сообщений',
    russian: 'Русский',
    english: 'Английский',
    save: 'Сохранить язык',
    saved: 'Сохранено.',
    needBridge:
      'На этой АТС звонящие не слышат сообщений: для них нужен медиашлюз (rtpengine, --rtpengine). Без него вызов просто отклоняется.',
    custom: 'Свои записи: {{list}}',
  },
};
