/** "Forgot password?" on the admin sign-in (issue 23 item 8). */
export const adminRecoveryEn = {
  adminRecovery: {
    title: 'Forgot password',
    emailHelp:
      'Enter the e-mail you sign in with. If it belongs to an administrator, a one-time code is sent to it.',
    emailRequired: 'Enter your e-mail address.',
    send: 'Send the code',
    haveCode: 'I have a code',
    back: 'Back to sign-in',
    noMail:
      'This PBX does not send e-mail, so it cannot send you a code. Ask the person who runs the PBX to give you a new password (npm run pbx -- admin reset-password with your e-mail).',
    newTitle: 'Set a new password',
    sent: 'If {{email}} belongs to an administrator, a code is on its way. It works once, for one hour.',
    code: 'Code from the e-mail',
    codeRequired: 'Paste the code from the e-mail.',
    codeWrong: 'This code is wrong, already used or expired. Ask for a new one.',
    password: 'New password',
    passwordHint: 'At least 12 characters.',
    passwordShort: 'The new password needs at least 12 characters.',
    repeat: 'New password again',
    passwordsDiffer: 'The two passwords differ.',
    set: 'Set the new password',
  },
};
