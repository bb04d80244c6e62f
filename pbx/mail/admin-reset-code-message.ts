import type { MailContent } from './credentials-message';

/** "Forgot password": the one-time code, and a link to the form when the PBX knows its address. */
export function adminResetCodeMessage(input: {
  email: string;
  code: string;
  /** The PBX's public origin (`--public-url`); without it the admin pastes the code. */
  publicUrl?: string;
}): MailContent {
  const { email, code, publicUrl } = input;
  const link = publicUrl
    ? `${publicUrl.replace(/\/$/, '')}/?admin-reset-code=${encodeURIComponent(code)}`
    : undefined;
  return {
    subject: 'Сброс пароля администратора АТС / PBX admin password reset',
    text: [
      `Кто-то (надеемся, вы) попросил сбросить пароль администратора ${email}.`,
      link
        ? `Откройте ссылку, чтобы задать новый пароль: ${link}`
        : 'На странице входа администратора выберите «Забыли пароль?» → «У меня есть код» и вставьте код:',
      `Код: ${code}`,
      'Код действует один час и один раз. Если вы не просили сброс, просто удалите письмо: пароль не изменится.',
      '',
      `Someone (we hope you) asked to reset the password of the admin ${email}.`,
      link
        ? `Open this link to set a new password: ${link}`
        : 'On the admin sign-in page choose "Forgot password?" → "I have a code" and paste the code:',
      `Code: ${code}`,
      'The code works once, for one hour. If you did not ask for this, delete this message: your password stays.',
    ].join('\n'),
  };
}
