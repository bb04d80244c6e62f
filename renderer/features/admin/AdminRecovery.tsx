import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiBaseUrl } from '../../api';
import { useServices } from '../../app/services';
import { pageProtocol } from '../../app/session';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';

type Step = 'email' | 'code';

interface Props {
  server: string;
  email: string;
  /** A code from the e-mail's link: the form opens at the new-password step. */
  code?: string;
  /** Back to the sign-in; `email` set when the password was changed. */
  onDone(changedFor?: string): void;
}

/**
 * "Forgot password?" (issue 23 item 8): the admin's e-mail gets a one-time code, which sets a
 * new password. Where the PBX sends no mail, says whom to ask instead.
 */
export function AdminRecovery({ server, email: initialEmail, code: linked, onDone }: Props) {
  const { t } = useTranslation();
  const { api } = useServices();
  const baseUrl = apiBaseUrl(server.trim(), pageProtocol());
  const [byEmail, setByEmail] = useState<boolean>();
  const [step, setStep] = useState<Step>(linked ? 'code' : 'email');
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState(linked ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors({
    email: t('adminRecovery.emailRequired'),
    code: t('adminRecovery.codeWrong'),
    password: t('adminRecovery.passwordShort'),
  });

  useEffect(() => {
    if (!baseUrl) return;
    let live = true;
    api(baseUrl)
      .adminRecovery()
      .then((answer) => live && setByEmail(answer.byEmail))
      .catch(() => live && setByEmail(false));
    return () => {
      live = false;
    };
  }, [api, baseUrl]);

  const run = async (request: () => Promise<void>) => {
    setBusy(true);
    try {
      await request();
    } catch (error) {
      errors.fail(error, { 0: t('adminSignIn.unreachable', { server: server.trim() }) });
    } finally {
      setBusy(false);
    }
  };

  const sendCode = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim()) return errors.show({ email: t('adminRecovery.emailRequired') });
    void run(async () => {
      await api(baseUrl!).forgotAdminPassword({ email: email.trim() });
      errors.clear();
      setSent(true);
      setStep('code');
    });
  };

  const setNewPassword = (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!code.trim()) fields.code = t('adminRecovery.codeRequired');
    if (password.length < 12) fields.password = t('adminRecovery.passwordShort');
    else if (password !== repeat) fields.repeat = t('adminRecovery.passwordsDiffer');
    if (Object.keys(fields).length > 0) return errors.show(fields);
    void run(async () => {
      const changed = await api(baseUrl!).resetAdminPassword({ code: code.trim(), password });
      onDone(changed.email);
    });
  };

  const back = (
    <button type="button" className="link" onClick={() => onDone()}>
      {t('adminRecovery.back')}
    </button>
  );
  if (byEmail === false && !linked) {
    return (
      <section className="admin-sign-in" aria-labelledby="admin-recovery-title">
        <h1 id="admin-recovery-title">{t('adminRecovery.title')}</h1>
        <p>{t('adminRecovery.noMail')}</p>
        {back}
      </section>
    );
  }
  if (step === 'email') {
    return (
      <form className="admin-sign-in" onSubmit={sendCode} noValidate aria-busy={busy}>
        <h1>{t('adminRecovery.title')}</h1>
        <p className="muted">{t('adminRecovery.emailHelp')}</p>
        <Field label={t('adminSignIn.email')} error={errors.fields.email}>
          {(p) => (
            <input
              {...p}
              type="email"
              value={email}
              autoComplete="username"
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <FormError message={errors.form} />
        <button type="submit" className="primary" disabled={busy || byEmail === undefined}>
          {t('adminRecovery.send')}
        </button>
        <button type="button" className="link" onClick={() => setStep('code')}>
          {t('adminRecovery.haveCode')}
        </button>
        {back}
      </form>
    );
  }
  return (
    <form className="admin-sign-in" onSubmit={setNewPassword} noValidate aria-busy={busy}>
      <h1>{t('adminRecovery.newTitle')}</h1>
      {sent && (
        <p role="status" className="muted">
          {t('adminRecovery.sent', { email: email.trim() })}
        </p>
      )}
      {!linked && (
        <Field label={t('adminRecovery.code')} error={errors.fields.code}>
          {(p) => (
            <input
              {...p}
              value={code}
              autoComplete="one-time-code"
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
      )}
      <Field
        label={t('adminRecovery.password')}
        error={errors.fields.password}
        hint={t('adminRecovery.passwordHint')}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            value={password}
            autoComplete="new-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('adminRecovery.repeat')} error={errors.fields.repeat}>
        {(p) => (
          <input
            {...p}
            type="password"
            value={repeat}
            autoComplete="new-password"
            onChange={(e) => setRepeat(e.target.value)}
          />
        )}
      </Field>
      <FormError message={errors.form ?? (linked ? errors.fields.code : undefined)} />
      <button type="submit" className="primary" disabled={busy}>
        {t('adminRecovery.set')}
      </button>
      {back}
    </form>
  );
}
