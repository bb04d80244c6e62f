import { useEffect, useEffectEvent, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiBaseUrl, hasStatus } from '../../api';
import { useAppStore, useServices } from '../../app/services';
import type { StoredAccount, StoredAdminAccount } from '../../host/host';
import { Field, FormError } from '../forms/Field';
import { useFormErrors } from '../forms/use-form-errors';
import { AdminRecovery } from './AdminRecovery';
import { signInAdmin, type AdminSignInForm } from './admin-session';

/**
 * Server, e-mail and password of a company admin. The server is offered from the admin's last
 * sign-in, else the phone's; a password the host kept signs in by itself.
 */
export function AdminSignIn() {
  const { t } = useTranslation();
  const services = useServices();
  const { host } = services;
  const expired = useAppStore((s) => s.admin.expired);
  const phoneServer = useAppStore((s) => s.registration.account?.server);
  const [server, setServer] = useState(phoneServer ?? host.defaultServer ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [canRemember, setCanRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const linkedCode = useAppStore((s) => s.adminResetCode);
  const [recovering, setRecovering] = useState(false);
  const [changed, setChanged] = useState(false);
  const errors = useFormErrors({
    email: t('adminSignIn.emailRequired'),
    password: t('adminSignIn.passwordRequired'),
  });

  const attempt = async (form: AdminSignInForm) => {
    setBusy(true);
    try {
      await signInAdmin(services, form);
    } catch (error) {
      setBusy(false);
      errors.fail(error, {
        0: t('adminSignIn.unreachable', { server: form.server.trim() }),
        401: t('adminSignIn.wrong'),
      });
      // A kept password the PBX refuses is dropped, so it is not tried again.
      if (hasStatus(error, 401) && form.remember) {
        await host.saveAdminAccount({ server: form.server.trim(), email: form.email.trim() });
      }
    }
  };
  const loaded = useEffectEvent(
    (admin: StoredAdminAccount | undefined, phone: StoredAccount | undefined, keep: boolean) => {
      setCanRemember(keep);
      const offered = admin?.server ?? phone?.server;
      const initial = phoneServer ?? host.defaultServer ?? '';
      // What the host kept wins over the default, but not over what was typed meanwhile.
      if (offered) setServer((s) => (s === initial ? offered : s));
      if (admin) setEmail((e) => e || admin.email);
      if (admin?.password && !expired) {
        setRemember(true);
        void attempt({ ...admin, password: admin.password, remember: true });
      }
    },
  );

  useEffect(() => {
    let live = true;
    void Promise.all([host.loadAdminAccount(), host.loadAccount(), host.canKeepPassword()]).then(
      ([admin, phone, keep]) => {
        if (live) loaded(admin, phone, keep);
      },
    );
    return () => {
      live = false;
    };
  }, [host]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!server.trim()) fields.server = t('adminSignIn.serverRequired');
    else if (!apiBaseUrl(server)) fields.server = t('adminSignIn.serverInvalid');
    if (!email.trim()) fields.email = t('adminSignIn.emailRequired');
    if (!password) fields.password = t('adminSignIn.passwordRequired');
    errors.show(fields);
    if (Object.keys(fields).length === 0) void attempt({ server, email, password, remember });
  };

  if (recovering || linkedCode) {
    return (
      <AdminRecovery
        server={server}
        email={email}
        code={linkedCode}
        onDone={(changedFor) => {
          services.store.setState({ adminResetCode: undefined });
          setRecovering(false);
          if (changedFor) {
            setEmail(changedFor);
            setPassword('');
            setChanged(true);
          }
        }}
      />
    );
  }
  return (
    <form className="admin-sign-in" onSubmit={submit} noValidate aria-busy={busy}>
      <h1>{t('adminSignIn.title')}</h1>
      {expired && <p className="muted">{t('adminSignIn.expired')}</p>}
      {changed && <p role="status">{t('adminSignIn.changed')}</p>}
      <Field
        label={t('adminSignIn.server')}
        error={errors.fields.server}
        hint={t('adminSignIn.serverHint')}
      >
        {(p) => (
          <input
            {...p}
            value={server}
            autoComplete="url"
            onChange={(e) => setServer(e.target.value)}
          />
        )}
      </Field>
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
      <Field label={t('adminSignIn.password')} error={errors.fields.password}>
        {(p) => (
          <input
            {...p}
            type="password"
            value={password}
            autoComplete="current-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {canRemember && (
        <label className="check">
          <input
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          {t('adminSignIn.remember')}
        </label>
      )}
      <FormError message={errors.form} />
      <button type="submit" className="primary" disabled={busy}>
        {t('adminSignIn.submit')}
      </button>
      <button type="button" className="link" onClick={() => setRecovering(true)}>
        {t('adminSignIn.forgot')}
      </button>
    </form>
  );
}
