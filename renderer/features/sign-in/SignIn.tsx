import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isSipDomain, isSipUser } from '../../../shared/sip-address';
import { signIn } from '../../app/session';
import { useServices } from '../../app/services';
import { RegistrationMessage } from '../status/StatusBar';
import { toWebSocketUrl } from './server-url';

type Field = 'server' | 'sipNumber' | 'password' | 'domain';

/**
 * Server address, SIP number (or any SIP user name) and password, and under "More options" a
 * SIP domain apart from the server; all but the password are remembered.
 */
export function SignIn() {
  const { t } = useTranslation();
  const services = useServices();
  const { host } = services;
  const id = useId();
  const [server, setServer] = useState(host.defaultServer ?? '');
  const [sipNumber, setSipNumber] = useState('');
  const [password, setPassword] = useState('');
  const [domain, setDomain] = useState('');
  const [moreOptions, setMoreOptions] = useState(false);
  const [remember, setRemember] = useState(false);
  const [canRemember, setCanRemember] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  useEffect(() => {
    let live = true;
    void Promise.all([host.loadAccount(), host.canKeepPassword()]).then(([stored, keep]) => {
      if (!live) return;
      setCanRemember(keep);
      if (stored) {
        // A remembered server wins over the default, but not over what was typed meanwhile.
        setServer((s) => (s === (host.defaultServer ?? '') ? stored.server : s));
        setSipNumber((n) => n || stored.sipNumber);
        if (stored.domain) {
          setDomain((d) => d || stored.domain!);
          setMoreOptions(true);
        }
      }
    });
    return () => {
      live = false;
    };
  }, [host]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!server.trim()) found.server = t('signIn.serverRequired');
    else if (!toWebSocketUrl(server)) found.server = t('signIn.serverInvalid');
    if (!isSipUser(sipNumber.trim())) found.sipNumber = t('signIn.numberInvalid');
    if (!password) found.password = t('signIn.passwordRequired');
    if (domain.trim() && !isSipDomain(domain.trim())) found.domain = t('signIn.domainInvalid');
    setErrors(found);
    if (found.domain) setMoreOptions(true);
    if (Object.keys(found).length > 0) return;
    void signIn(services, {
      server,
      sipNumber: sipNumber.trim(),
      ...(domain.trim() ? { domain: domain.trim() } : {}),
      password,
      remember,
    });
  };

  const field = (name: Field, label: string, input: ReactNode) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input}
      {errors[name] && (
        <p id={`${id}-${name}-error`} className="error" role="alert">
          {errors[name]}
        </p>
      )}
    </div>
  );
  const describe = (name: Field) => ({
    id: `${id}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${id}-${name}-error` : undefined,
  });

  return (
    <form className="sign-in" onSubmit={submit} noValidate>
      <h1>{t('signIn.title')}</h1>
      <RegistrationMessage />
      {field(
        'server',
        t('signIn.server'),
        <input
          {...describe('server')}
          value={server}
          placeholder={t('signIn.serverHint')}
          autoComplete="url"
          onChange={(e) => setServer(e.target.value)}
        />,
      )}
      {field(
        'sipNumber',
        t('signIn.number'),
        <input
          {...describe('sipNumber')}
          value={sipNumber}
          autoComplete="username"
          autoCapitalize="off"
          spellCheck={false}
          onChange={(e) => setSipNumber(e.target.value)}
        />,
      )}
      {field(
        'password',
        t('signIn.password'),
        <input
          {...describe('password')}
          type="password"
          value={password}
          autoComplete="current-password"
          onChange={(e) => setPassword(e.target.value)}
        />,
      )}
      <details
        className="more-options"
        open={moreOptions}
        onToggle={(e) => setMoreOptions(e.currentTarget.open)}
      >
        <summary>{t('signIn.moreOptions')}</summary>
        {field(
          'domain',
          t('signIn.domain'),
          <input
            {...describe('domain')}
            value={domain}
            placeholder={t('signIn.domainHint')}
            autoCapitalize="off"
            spellCheck={false}
            onChange={(e) => setDomain(e.target.value)}
          />,
        )}
      </details>
      {canRemember && (
        <label className="check">
          <input
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          {t('signIn.remember')}
        </label>
      )}
      <button type="submit" className="primary">
        {t('signIn.submit')}
      </button>
    </form>
  );
}
