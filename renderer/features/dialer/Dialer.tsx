import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useServices } from '../../app/services';
import { selectLastNumber } from '../../store';
import { parseDialTarget } from './dial-target';
import { Keypad } from './Keypad';

/** Takes a SIP number or a phone number; refuses anything else before dialling. */
export function Dialer() {
  const { t } = useTranslation();
  const { adapter } = useServices();
  const lastNumber = useAppStore(selectLastNumber);
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();

  const dial = (input: string) => {
    const parsed = parseDialTarget(input);
    if (parsed.kind === 'empty') return setError(t('dialer.empty'));
    if (parsed.kind === 'invalid') return setError(t('dialer.notANumber', { text: input.trim() }));
    setError(undefined);
    adapter.call(parsed.target);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    dial(text);
  };
  const edit = (value: string) => {
    setText(value);
    setError(undefined);
  };

  return (
    <form className="dialer" onSubmit={submit} noValidate>
      <div className="dial-row">
        <input
          aria-label={t('dialer.label')}
          placeholder={t('dialer.placeholder')}
          value={text}
          inputMode="tel"
          aria-invalid={error ? true : undefined}
          onChange={(e) => edit(e.target.value)}
        />
        <button
          type="button"
          aria-label={t('dialer.backspace')}
          disabled={!text}
          onClick={() => edit(text.slice(0, -1))}
        >
          ⌫
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <Keypad onKey={(key) => edit(text + key)} />
      <div className="actions">
        <button type="submit" className="primary call">
          {t('dialer.call')}
        </button>
        {lastNumber && (
          <button type="button" onClick={() => dial(lastNumber)}>
            {t('dialer.redial', { number: lastNumber })}
          </button>
        )}
      </div>
    </form>
  );
}
