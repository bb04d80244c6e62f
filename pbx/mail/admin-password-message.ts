import type { MailContent } from './credentials-message';

/** The new password of an admin, reset by the operator: the only place it is written. */
export function adminPasswordMessage(input: { email: string; password: string }): MailContent {
  const { email, password } = input;
  return {
    subject: 'Новый пароль администратора АТС / Your new PBX admin password',
    text: [
      'Оператор АТС задал новый пароль для вашей учётной записи администратора.',
      `Вход: ${email}`,
      `Пароль: ${password}`,
      'Старый пароль больше не действует. Сохраните этот пароль в надёжном месте и удалите письмо.',
      '',
      'The PBX operator set a new password for your admin account.',
      `Sign-in: ${email}`,
      `Password: ${password}`,
      'The old password no longer works. Keep this one somewhere safe and delete this message.',
    ].join('\n'),
  };
}
