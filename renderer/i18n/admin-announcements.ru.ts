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
    recordings: 'Записи',
    recordingsHint:
      'Загрузите свою запись фразы в формате WAV: 16 бит PCM, моно, 8000 Гц, не длиннее {{max}} с.',
    slot: '{{sentence}} ({{language}})',
    sentences: {
      absent: 'Сотрудник отсутствует',
      'absent-until': 'Сотрудник отсутствует и вернётся (далее дата)',
      disabled: 'Номер отключён',
      busy: 'Заняты все линии',
      'no-answer': 'Нет ответа',
    },
    own: 'Ваша запись, {{seconds}} с',
    shipped: 'Стандартная запись, {{seconds}} с',
    uploadFor: 'Загрузить файл WAV для «{{slot}}»',
    restore: 'Вернуть стандартную запись',
    restoreFor: 'Вернуть стандартную запись для «{{slot}}»',
    uploaded: 'Теперь для «{{slot}}» звонящие слышат вашу запись.',
    restored: 'Теперь для «{{slot}}» звонящие слышат стандартную запись.',
    wav: {
      notWav: 'Это не файл WAV. Сохраните запись в WAV: 16 бит PCM, моно, 8000 Гц.',
      noFormat: 'Файл WAV повреждён: в нём не указан формат.',
      noAudio: 'В файле WAV нет звука.',
      tooLong: 'Запись длится {{seconds}} с, а объявление может длиться не больше {{max}} с.',
      format: 'Запись: {{parts}}; нужна запись 16 бит PCM, моно, 8000 Гц.',
      encoding: 'не PCM (кодирование {{encoding}})',
      channels: 'каналов: {{channels}}',
      rate: '{{rate}} Гц',
      bits: '{{bits}} бит',
    },
  },
};
