import type { adminRecoveryEn } from './admin-recovery.en';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** «Забыли пароль?» при входе администратора. */
export const adminRecoveryRu: Shape<typeof adminRecoveryEn> = {
  adminRecovery: {
    title: 'Восстановление пароля',
    emailHelp:
      'Введите адрес эл. почты, с которым вы входите. Если это адрес администратора, на него придёт одноразовый код.',
    emailRequired: 'Введите адрес эл. почты.',
    send: 'Отправить код',
    haveCode: 'У меня есть код',
    back: 'Вернуться ко входу',
    noMail:
      'Эта АТС не отправляет эл. почту и не может прислать код. Попросите того, кто обслуживает АТС, задать вам новый пароль (npm run pbx -- admin reset-password с вашим адресом).',
    newTitle: 'Новый пароль',
    sent: 'Если {{email}} — адрес администратора, код уже в пути. Он действует один раз в течение часа.',
    code: 'Код из письма',
    codeRequired: 'Вставьте код из письма.',
    codeWrong: 'Код неверен, уже использован или истёк. Запросите новый.',
    password: 'Новый пароль',
    passwordHint: 'Не короче 12 символов.',
    passwordShort: 'Новый пароль должен быть не короче 12 символов.',
    repeat: 'Новый пароль ещё раз',
    passwordsDiffer: 'Пароли не совпадают.',
    set: 'Задать новый пароль',
  },
};
