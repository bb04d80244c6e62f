import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isSipNumber } from '../../../shared/refusals';
import { signIn } from '../../app/session';
import { useServices } from '../../app/services';
import { RegistrationMessage } from '../status/StatusBar';
import { toWebSocketUrl } from './server-url';

type Field = 'server' | 'sipNumber' | 'password';

/** Server address, SIP number and password; the server and number are remembered. */
export function SignIn() {
  const { t } = useTranslation();
  const services = useServices();
  const { host } = services;
  const id = useId();
  const [server, setServer] = useState(host.defaultServer ?? '');
  const [sipNumber, setSipNumber] = useState('');
  const [password, setPassword] = useState('');
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
    if (!isSipNumber(sipNumber.trim())) found.sipNumber = t('signIn.numberInvalid');
    if (!password) found.password = t('signIn.passwordRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    void signIn(services, { server, sipNumber: sipNumber.trim(), password, remember });
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
          inputMode="numeric"
          autoComplete="username"
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
