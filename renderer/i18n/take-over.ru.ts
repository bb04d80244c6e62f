import type { takeOverEn } from './take-over.en';

/** Russian strings of taking a number's place over: the same keys as take-over.en.ts. */
export const takeOverRu: typeof takeOverEn = {
  takeOver: {
    title: 'Место вашего номера',
    inUseOn: 'Ваш номер используется на другом устройстве: {{device}}.',
    inUseOnSeveral: 'Ваш номер уже используется на всех устройствах, которые ему разрешены.',
    nowInUseOn: 'Теперь номер используется на другом устройстве: {{device}}.',
    nowInUseElsewhere: 'Теперь номер используется на другом устройстве.',
    staysOff: 'Этот телефон не подключится снова сам.',
    device: '{{kind}} — {{program}}',
    details: '{{address}}, с {{since}}',
    useHere: 'Использовать здесь',
    useHereOf: 'Использовать здесь вместо устройства {{device}} ({{address}})',
    working: 'Переключаем номер на это устройство…',
    failed: 'Не удалось переключить номер: {{reason}}',
  },
};
